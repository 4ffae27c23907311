import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { inArray } from 'drizzle-orm'
import { participants } from '#db/schema'
import { auditParticipantsShown } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { getDb } from '~/db.server'
import { listOutbox, outboxCounts } from '~/domain/outbox.server'
import { env } from '~/env.server'
import { smtpOptions } from '~/mail/transport.server'

/**
 * The outbox (issue 13): every message queued, sent, retried or given up, newest first. With no
 * SMTP configured (demo mode) nothing is sent and this page is where the messages can be read.
 * It shows participants' addresses and reminders, so viewing it is audit-logged per participant.
 */
export const meta: MetaFunction = () => [{ title: 'Outbox · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'users:manage')
  const rows = listOutbox(200)
  const userIds = [...new Set(rows.map((r) => r.userId))]
  const shown = userIds.length
    ? getDb()
        .select({ id: participants.id })
        .from(participants)
        .where(inArray(participants.userId, userIds))
        .all()
        .map((p) => p.id)
    : []
  await auditParticipantsShown({ actorId: user.id, action: 'outbox.read', entity: 'outbox' }, shown)
  return {
    smtp: smtpOptions() !== null,
    mode: env().APP_MODE,
    counts: outboxCounts(),
    rows: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      kind: r.kind,
      recipient: r.recipient,
      locale: r.locale,
      subject: r.subject,
      body: r.body,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt,
      sentAt: r.sentAt,
      lastError: r.lastError,
    })),
  }
}

export default function Outbox() {
  const { smtp, mode, counts, rows } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <h1>Outbox</h1>
      <p className="card">
        {smtp
          ? 'SMTP is configured: queued messages are sent by the scheduler when they are due.'
          : mode === 'demo'
            ? 'Demo mode without SMTP: messages are queued here and never sent.'
            : 'No SMTP is configured (SMTP_URL or SMTP_HOST): messages are queued but not sent.'}
      </p>
      <p>
        {Object.entries(counts)
          .map(([status, n]) => `${status}: ${n}`)
          .join(' · ') || 'No messages yet.'}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">The newest 200 messages</caption>
          <thead>
            <tr className="text-left">
              <th scope="col">#</th>
              <th scope="col">Kind</th>
              <th scope="col">To</th>
              <th scope="col">Message</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Due / sent (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t align-top">
                <td>{r.id}</td>
                <td>
                  {r.kind} ({r.channel}, {r.locale})
                </td>
                <td>{r.recipient}</td>
                <td>
                  <details>
                    <summary className="min-h-6 cursor-pointer py-1">{r.subject}</summary>
                    <pre className="whitespace-pre-wrap font-sans">{r.body}</pre>
                  </details>
                </td>
                <td>
                  {r.status}
                  {r.lastError ? <span className="block text-red-800">{r.lastError}</span> : null}
                </td>
                <td>{r.attempts}</td>
                <td>{r.sentAt ?? r.nextAttemptAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
