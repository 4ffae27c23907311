import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { auditParticipantsShown } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { FormErrors, StatusButton, TextareaField } from '~/components/forms'
import { openCountLabel } from '~/components/staff-alerts'
import { ALERT_LABEL, isAlertKind } from '~/domain/alerts'
import { acknowledgeAlert, acknowledgedAlerts, openAlerts, scopeOf } from '~/domain/alerts.server'
import { formatInstant } from '~/domain/schedule'
import { invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { forbidden } from '~/utils/http-errors'
import { useFormReply } from '~/utils/form-reply'
import { pageParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'

/**
 * Alerts about participants (issue 13): the open ones (as the scheduler last derived them from
 * the records, app/domain/alerts.server.ts), each acknowledged with a note, and the history of
 * acknowledged ones (kept for good). Facilitators see their own groups' participants,
 * coordinators everyone's; every participant shown is audit-logged. (Any staff role passes
 * authorize('cohort:read'); scopeOf then admits only facilitators and coordinators.)
 */
export const meta: MetaFunction = () => [{ title: 'Alerts · Weekly Groups' }]

/** Open alerts per page: each has its own acknowledgement form. */
const PER_PAGE = 50

const AcknowledgeSchema = z.object({
  intent: z.string({ required_error: 'Choose an alert.' }).max(200),
  note: z
    .string({ required_error: 'Write a short note: what was done or decided.' })
    .trim()
    .min(1, 'Write a short note: what was done or decided.')
    .max(2000, 'Keep the note under 2,000 characters.'),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'cohort:read')
  const scope = scopeOf(user)
  if (!scope) forbidden()
  const page = pageParam(request)
  // one page of the open alerts, and one more to know whether there is a next page
  const open = openAlerts(scope, { limit: PER_PAGE + 1, offset: (page - 1) * PER_PAGE })
  const older = open.rows.length > PER_PAGE
  const shown = open.rows.slice(0, PER_PAGE)
  const history = acknowledgedAlerts(scope)
  await auditParticipantsShown({ actorId: user.id, action: 'alerts.read', entity: 'alerts', detail: `page=${page}` }, [
    ...shown.map((a) => a.participantId),
    ...history.map((a) => a.participantId),
  ])
  return {
    page,
    older,
    /** how many are open, counted up to a cap (`more`: there are more) */
    openCount: { total: open.total, more: open.more },
    open: shown.map((a) => ({
      key: a.key,
      label: a.label,
      detail: a.detail,
      participantId: a.participantId,
      studyId: a.studyId,
      groupName: a.groupName,
      cohortName: a.cohortName,
      raised: formatInstant(new Date(a.raisedAt), user.timeZone),
    })),
    history: history.map((a) => ({
      id: a.id,
      label: isAlertKind(a.kind) ? ALERT_LABEL[a.kind] : a.kind,
      participantId: a.participantId,
      studyId: a.studyId,
      note: a.note,
      byName: a.byName,
      at: formatInstant(new Date(a.acknowledgedAt), user.timeZone),
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'cohort:read')
  if (!scopeOf(user)) forbidden()
  const submission = await parseSubmission(request, AcknowledgeSchema)
  const intent = typeof submission.payload.intent === 'string' ? submission.payload.intent : undefined
  if (submission.status !== 'success') return invalid(submission, { intent })
  const problems = acknowledgeAlert(user, submission.value.intent, submission.value.note)
  if (problems.length) return invalid(submission, { intent, ...problemsToErrors(problems) }, 409)
  return redirectWithToast('/alerts', { description: 'Alert acknowledged. It stays in the history below.' })
}

function AcknowledgeForm({ alertKey }: { alertKey: string }) {
  const [form, fields] = useForm({
    id: `ack-${alertKey}`,
    lastResult: useFormReply(alertKey),
    constraint: getZodConstraint(AcknowledgeSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcknowledgeSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-2">
      <FormErrors form={form} />
      <TextareaField meta={fields.note} label="Note" rows={2} className="mb-2" />
      <StatusButton intent={alertKey} pendingText="Saving…">
        Acknowledge
      </StatusButton>
    </Form>
  )
}

export default function Alerts() {
  const { open, history, page, older, openCount } = useLoaderData<typeof loader>()
  const count = openCountLabel(openCount)
  return (
    <div className="space-y-6">
      <div>
        <h1>Alerts</h1>
        <p className="text-slate-700">
          A participant who missed two sessions or two weekly surveys in a row, reported a serious adverse event, or had
          a 2-week period end with no toxicology test. Acknowledge each with a note of what was done.
        </p>
      </div>
      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading">Open ({count})</h2>
        {openCount.total === 0 ? <p className="card">No open alerts.</p> : null}
        {openCount.total > 0 && open.length === 0 ? (
          <p className="card">
            No open alerts on this page. <Link to="/alerts">Back to the newest</Link>
          </p>
        ) : null}
        {open.map((a) => (
          <article key={a.key} className="card" aria-label={`${a.label}: ${a.studyId}`}>
            <p>
              <span className="font-semibold">{a.label}</span>:{' '}
              <Link to={`/participants/${a.participantId}`}>{a.studyId}</Link>
            </p>
            <p className="text-sm text-slate-700">
              {a.groupName} · {a.cohortName} · {a.detail} · raised {a.raised}
            </p>
            <AcknowledgeForm alertKey={a.key} />
          </article>
        ))}
        {page > 1 || older ? (
          <nav aria-label="Pages of open alerts" className="flex items-center gap-4">
            {page > 1 ? <Link to={`?page=${page - 1}`}>← Newer</Link> : null}
            <span>Page {page}</span>
            {older ? <Link to={`?page=${page + 1}`}>Older →</Link> : null}
          </nav>
        ) : null}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {history.length === 0 ? (
          <p className="text-slate-700">Nothing acknowledged yet.</p>
        ) : (
          <table className="mt-2 w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col">When</th>
                <th scope="col">Participant</th>
                <th scope="col">Alert</th>
                <th scope="col">Note</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id} className="border-t align-top">
                  <td>{h.at}</td>
                  <td>
                    <Link to={`/participants/${h.participantId}`}>{h.studyId}</Link>
                  </td>
                  <td>{h.label}</td>
                  <td className="whitespace-pre-wrap">{h.note}</td>
                  <td>{h.byName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
