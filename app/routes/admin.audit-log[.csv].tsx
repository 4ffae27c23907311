import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseWithZod } from '@conform-to/zod'
import { stringify } from 'csv-stringify'
import { Readable } from 'node:stream'
import { audit } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { AuditLogFilterSchema, describeAuditFilter } from '~/domain/audit-log-filter'
import { iterateAuditLog } from '~/domain/audit-log.server'

/**
 * The audit log as CSV, with the page's filter (issue 11). Streamed row by row from the database;
 * the export itself is logged before the first byte is sent.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'audit:read')
  const submission = parseWithZod(new URL(request.url).searchParams, { schema: AuditLogFilterSchema })
  if (submission.status !== 'success') {
    const problems = Object.values(submission.error ?? {})
      .flat()
      .filter(Boolean)
    return new Response(`The filter is not valid: ${problems.join(' ')}\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    })
  }
  const filter = submission.value
  audit({ actorId: user.id, action: 'audit.export', entity: 'audit_log', detail: describeAuditFilter(filter) })
  const csv = stringify({
    header: true,
    // A cell starting = + - @ is a formula to a spreadsheet (CSV injection): keep it text.
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
    columns: [
      { key: 'at', header: 'at_utc' },
      { key: 'actorEmail', header: 'actor_email' },
      { key: 'actorRole', header: 'actor_role' },
      { key: 'action', header: 'action' },
      { key: 'entity', header: 'entity' },
      { key: 'entityId', header: 'entity_id' },
      { key: 'studyId', header: 'study_id' },
      { key: 'detail', header: 'detail' },
    ],
  })
  Readable.from(iterateAuditLog(filter)).pipe(csv)
  const day = new Date().toISOString().slice(0, 10)
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
