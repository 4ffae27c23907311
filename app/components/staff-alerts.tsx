import { Link } from '@remix-run/react'

/** What a dashboard needs of an alert (app/domain/alerts.server.ts `dashboardAlerts`). */
export type AlertRow = {
  key: string
  label: string
  detail: string
  participantId: number
  studyId: string
  groupName: string
}

/** How many alerts are open, as counted up to a cap (app/domain/alerts.server.ts): "1,000+". */
export const openCountLabel = ({ total, more }: { total: number; more: boolean }) =>
  total.toLocaleString('en-US') + (more ? '+' : '')

/**
 * Open alerts about participants (issue 13) on a staff dashboard: the newest few and how many
 * are open; `alerts` is null for roles the alerts are not for, and then nothing is shown. Acknowledging (with a note) and the history are
 * on /alerts.
 */
export function StaffAlerts({
  alerts: data,
}: {
  alerts: { total: number; more: boolean; shown: readonly AlertRow[] } | null
}) {
  if (!data) return null
  const { shown: alerts } = data
  const total = openCountLabel(data)
  return (
    <section className="card" aria-labelledby="staff-alerts-heading">
      <h2 id="staff-alerts-heading">
        Alerts {data.total ? <span className="text-base font-normal text-slate-700">({total} open)</span> : null}
      </h2>
      {data.total === 0 ? (
        <p className="text-slate-700">No open alerts.</p>
      ) : (
        <ul className="mt-2 divide-y">
          {alerts.map((a) => (
            <li key={a.key} className="py-2">
              <span className="font-semibold">{a.label}</span>:{' '}
              <Link to={`/participants/${a.participantId}`}>{a.studyId}</Link>{' '}
              <span className="text-slate-700">
                · {a.groupName} · {a.detail}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2">
        <Link to="/alerts">
          {data.total > alerts.length ? `All ${total} alerts` : 'Acknowledge alerts'}, and their history
        </Link>
      </p>
    </section>
  )
}
