import { Form } from '@remix-run/react'
import type { FeedbackView } from '~/domain/fidelity.server'
import { StatusButton } from './forms'

type Status = { sampled: boolean; status: string | null; raters: string[] } | null

/**
 * Released fidelity feedback on a session (or a facilitator's groups), with the ratings, and a
 * button to acknowledge it (ADR 014). Self-contained: the page passes what its loader got from
 * `feedbackView`, and the form posts to /meetings/:id/feedback, which comes back to `returnTo`.
 */
export function FidelityFeedback({
  feedback,
  returnTo,
  status,
  showSession = false,
  canAcknowledge = true,
}: {
  feedback: FeedbackView[]
  returnTo: string
  /** the session's audit status (sampled, audited, by whom), when the page shows one session */
  status?: Status
  showSession?: boolean
  canAcknowledge?: boolean
}) {
  if (!feedback.length && !status) return null
  return (
    <section className="card space-y-3" aria-labelledby="fidelity-feedback-heading">
      <h2 id="fidelity-feedback-heading">Fidelity feedback</h2>
      {status ? (
        <p className="text-sm text-slate-700">
          {status.sampled ? 'This session was selected for a fidelity audit.' : 'This session was audited.'}{' '}
          {status.raters.length ? `Audited by ${status.raters.join(', ')}.` : 'Not audited yet.'}
        </p>
      ) : null}
      {feedback.map((f) => (
        <article key={f.auditId} className="rounded border border-slate-300 p-3" aria-labelledby={`fb-${f.auditId}`}>
          <h3 id={`fb-${f.auditId}`} className="font-semibold">
            {showSession ? `${f.groupName}, week ${f.week}: ` : ''}feedback from {f.rater}
          </h3>
          <p>
            Adherence <strong>{f.adherence}%</strong> · competence{' '}
            <strong>
              {f.competence} of {f.scale.max}
            </strong>{' '}
            ({f.scale.name})
          </p>
          {f.comments ? <p className="mt-2 whitespace-pre-wrap">{f.comments}</p> : null}
          <details className="mt-2">
            <summary>All ratings</summary>
            <table className="table mt-2">
              <caption className="sr-only">Prescribed items</caption>
              <thead>
                <tr>
                  <th scope="col">Prescribed item</th>
                  <th scope="col">Delivered (rater)</th>
                  <th scope="col">Your checklist</th>
                </tr>
              </thead>
              <tbody>
                {f.items.map((i) => (
                  <tr key={i.text}>
                    <td>{i.text}</td>
                    <td>{i.rating}</td>
                    <td>{i.ticked ? 'ticked' : 'not ticked'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table mt-2">
              <caption className="sr-only">Competence</caption>
              <thead>
                <tr>
                  <th scope="col">Competence</th>
                  <th scope="col">
                    Rating ({f.scale.min}–{f.scale.max})
                  </th>
                </tr>
              </thead>
              <tbody>
                {f.domains.map((dm) => (
                  <tr key={dm.text}>
                    <td>{dm.text}</td>
                    <td>{dm.rating === null ? '—' : `${dm.rating} ${dm.label}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2">Proscribed items observed: {f.proscribed.length ? f.proscribed.join('; ') : 'none'}</p>
          </details>
          {f.acknowledgedAt ? (
            <p className="mt-2 text-sm text-green-800">Acknowledged {f.acknowledgedAt.slice(0, 10)}.</p>
          ) : canAcknowledge ? (
            <Form method="post" action={`/meetings/${f.meetingId}/feedback`} className="mt-2">
              <input type="hidden" name="auditId" value={f.auditId} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <StatusButton
                intent="acknowledge"
                formAction={`/meetings/${f.meetingId}/feedback`}
                pendingText="Saving…"
                className="btn-secondary"
              >
                Acknowledge feedback
                <span className="sr-only">
                  {' '}
                  for {f.groupName}, week {f.week}
                </span>
              </StatusButton>
            </Form>
          ) : null}
        </article>
      ))}
    </section>
  )
}

/** A session's audit state in a table cell (cohort page): sampled, audited, by whom. */
export function AuditBadge({ sampled, status, raters }: { sampled: boolean; status: string | null; raters: string[] }) {
  const label =
    status === 'due'
      ? 'sampled, audit due'
      : status === 'second-due'
        ? `audited by ${raters.join(', ')}; second rating due`
        : `${sampled ? 'sampled, ' : ''}audited by ${raters.join(', ')}${status === 'released' ? ', feedback released' : ''}`
  return <span className="block text-xs text-slate-700">{label}</span>
}
