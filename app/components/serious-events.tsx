import { Form, Link } from '@remix-run/react'
import { StatusButton } from '~/components/forms'
import { EXPECTEDNESS, RELATEDNESS, SEVERITY } from '~/domain/adverse-events'
import type { seriousEventsToReview } from '~/domain/adverse-events.server'
import { useFormReply } from '~/utils/form-reply'

type Event = ReturnType<typeof seriousEventsToReview>[number]

const label = (list: readonly { value: string; label: string }[], value: string) =>
  list.find((o) => o.value === value)?.label ?? value

/** On the supervisors' start page: every serious adverse event not yet acknowledged, oldest first. */
export function SeriousEventsToReview({ events }: { events: readonly Event[] }) {
  const reply = useFormReply('acknowledge')
  const problem = reply?.error?.['']?.[0]
  return (
    <section
      aria-labelledby="serious-events"
      className={events.length ? 'card border-2 border-red-700 bg-red-50' : 'card'}
    >
      <h2 id="serious-events">Serious adverse events to review ({events.length})</h2>
      {problem ? (
        <p role="alert" className="mt-1 font-semibold text-red-900">
          {problem}
        </p>
      ) : null}
      {events.length === 0 ? (
        <p className="mt-1">None waiting: every serious adverse event has been acknowledged.</p>
      ) : (
        <ul className="mt-2 space-y-3">
          {events.map((e) => (
            <li key={e.id} className="rounded border border-red-200 bg-white p-3">
              <p>
                <Link to={`/participants/${e.participantId}`}>{e.studyId}</Link> · {e.cohortName} · onset {e.onsetDate}{' '}
                · {label(SEVERITY, e.severity)} · {label(RELATEDNESS, e.relatedness)} ·{' '}
                {label(EXPECTEDNESS, e.expectedness)}
              </p>
              <p className="mt-1 whitespace-pre-wrap">{e.description}</p>
              <p className="mt-1 text-sm">Action taken: {e.actionTaken}</p>
              <p className="text-sm text-slate-700">
                Reported {e.reportedAt.slice(0, 10)}
                {e.reportedBy ? ` by ${e.reportedBy}` : ''}
              </p>
              <Form method="post" className="mt-2">
                <input type="hidden" name="eventId" value={e.id} />
                <StatusButton intent="acknowledge" className="btn-secondary" pendingText="Acknowledging…">
                  Acknowledge<span className="sr-only"> the event reported for {e.studyId}</span>
                </StatusButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
