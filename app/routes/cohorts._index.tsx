import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { can } from '~/auth/permissions'
import { listCohorts, scheduleOf } from '~/domain/progress.server'
import { currentWeek, WEEKDAYS } from '~/domain/schedule'

export const meta: MetaFunction = () => [{ title: 'Cohorts · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'cohort:read')
  const cohorts = listCohorts(user.role === 'facilitator' ? user.id : undefined).map((c) => ({
    id: c.id,
    name: c.name,
    schedule: `${WEEKDAYS[c.weekday]}s ${c.startTime} (${c.timeZone})`,
    startDate: c.startDate,
    week: currentWeek(scheduleOf(c), new Date()),
  }))
  return { cohorts, canManage: can(user, 'cohort:manage'), canSettings: can(user, 'settings:manage') }
}

export default function Cohorts() {
  const { cohorts, canManage, canSettings } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>Cohorts</h1>
        <div className="flex gap-2">
          {canSettings ? <Link className="btn-secondary" to="/settings">Programme settings</Link> : null}
          {canManage ? <Link className="btn" to="/cohorts/new">New cohort</Link> : null}
        </div>
      </div>
      {cohorts.length === 0 ? <p className="card">No cohorts yet.</p> : null}
      <ul className="grid gap-3 md:grid-cols-2">
        {cohorts.map((c) => (
          <li key={c.id} className="card">
            <h2 className="text-lg"><Link to={`/cohorts/${c.id}`}>{c.name}</Link></h2>
            <p className="text-sm text-slate-700">{c.schedule} · starts {c.startDate}</p>
            <p className="mt-1 font-semibold">{c.week === 0 ? 'Not started' : `Week ${c.week} of 24`}</p>
          </li>
        ))}
      </ul>
    </div>
  )
}
