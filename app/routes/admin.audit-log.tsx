import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { audit } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormErrors, StatusButton, TextField } from '~/components/forms'
import {
  auditFilterParams,
  AuditLogFilterSchema,
  describeAuditFilter,
  type AuditLogFilter,
} from '~/domain/audit-log-filter'
import { searchAuditLog } from '~/domain/audit-log.server'

export const meta: MetaFunction = () => [{ title: 'Audit log · Weekly Groups' }]

/**
 * Who did what, to which participant, when (issue 11): admins and the data manager read and filter
 * the audit log and export it. Reading the log is itself logged, with the filter used.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'audit:read')
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: AuditLogFilterSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), log: null, query: '' }, { status: 400 })
  }
  const filter: AuditLogFilter = submission.value
  const log = searchAuditLog(filter)
  audit({ actorId: user.id, action: 'audit.read', entity: 'audit_log', detail: describeAuditFilter(filter) })
  return { result: submission.reply(), log, query: auditFilterParams(filter).toString() }
}

const when = (iso: string) => iso.replace('T', ' ').slice(0, 19) + ' UTC'

export default function AuditLog() {
  const { result, log, query } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'audit-filter',
    lastResult: result,
    constraint: getZodConstraint(AuditLogFilterSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AuditLogFilterSchema }),
  })
  const pageLink = (page: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), page: String(page) })}`
  return (
    <div className="space-y-4">
      <h1>Audit log</h1>
      <p>
        Every staff read of participant data and every change is recorded here. Your reading and exporting of this log
        is recorded too.
      </p>
      <section className="card" aria-labelledby="filter-title">
        <h2 id="filter-title" className="text-lg">
          Filter
        </h2>
        <FormErrors form={form} />
        <Form method="get" {...getFormProps(form)} className="grid gap-x-4 sm:grid-cols-2 lg:grid-cols-3">
          <TextField meta={fields.actor} label="Staff member (name or email)" />
          <TextField meta={fields.action} label="Action" hint="For example participant.read, or participant. for all" />
          <TextField meta={fields.studyId} label="Participant study ID" />
          <TextField meta={fields.from} label="From (UTC day)" type="date" />
          <TextField meta={fields.to} label="To (UTC day)" type="date" />
          <div className="flex items-end gap-2 pb-4">
            <StatusButton className="btn" pendingText="Searching…">
              Show entries
            </StatusButton>
            <Link to="/admin/audit-log" className="btn-secondary">
              Clear
            </Link>
          </div>
        </Form>
      </section>
      {log ? (
        <section aria-labelledby="entries-title" className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="entries-title" className="text-lg">
              {log.total} {log.total === 1 ? 'entry' : 'entries'}, newest first
            </h2>
            <a className="btn-secondary" href={`/admin/audit-log.csv${query ? `?${query}` : ''}`} download>
              Export these {log.total} entries (CSV)
            </a>
          </div>
          {log.rows.length ? (
            <div className="overflow-x-auto">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Record</th>
                    <th scope="col">Participant</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {log.rows.map((r) => (
                    <tr key={r.id}>
                      <td className="whitespace-nowrap">{when(r.at)}</td>
                      <td>{r.actorName ? `${r.actorName} (${r.actorRole})` : 'System'}</td>
                      <td>
                        <code>{r.action}</code>
                      </td>
                      <td>{r.entityId ? `${r.entity} ${r.entityId}` : r.entity}</td>
                      <td>{r.studyId ?? ''}</td>
                      <td className="break-all">{r.detail ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="card">No entries match this filter.</p>
          )}
          {log.pages > 1 ? (
            <nav aria-label="Pages" className="flex items-center gap-4">
              {log.page > 1 ? <Link to={pageLink(log.page - 1)}>← Newer</Link> : null}
              <span>
                Page {log.page} of {log.pages}
              </span>
              {log.page < log.pages ? <Link to={pageLink(log.page + 1)}>Older →</Link> : null}
            </nav>
          ) : null}
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
