import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { auditParticipantsShown } from '~/auth/audit.server'
import { authorize } from '~/auth/authorize.server'
import { StaffAlerts } from '~/components/staff-alerts'
import { dashboardAlerts } from '~/domain/alerts.server'
import { can } from '~/auth/permissions'
import { SeriousEventsToReview } from '~/components/serious-events'
import { acknowledgeSeriousEvent, seriousEventsToReview } from '~/domain/adverse-events.server'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import { listCohorts } from '~/domain/cohorts.server'
import { scheduleOf } from '~/domain/schedule'
import { currentWeek, WEEKDAYS } from '~/domain/schedule'
import { pageParam } from '~/utils/params'

export const meta: MetaFunction = () => [{ title: 'Cohorts · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'cohort:read')
  const page = pageParam(request)
  const list = listCohorts(page, user.role === 'facilitator' ? user.id : undefined)
  const cohorts = list.rows.map((c) => ({
    id: c.id,
    name: c.name,
    schedule: `${WEEKDAYS[c.weekday]}s ${c.startTime} (${c.timeZone})`,
    startDate: c.startDate,
    week: currentWeek(scheduleOf(c), new Date()),
  }))
  // Serious adverse events wait here, on the supervisors' start page, until one acknowledges them.
  const serious = can(user, 'safety:review') ? seriousEventsToReview() : null
  if (serious?.length)
    await auditParticipantsShown(
      { actorId: user.id, action: 'adverse_event.review_list', entity: 'adverse_event' },
      serious.map((e) => e.participantId),
    )
  return {
    serious,
    cohorts,
    page,
    pages: list.pages,
    total: list.total,
    canManage: can(user, 'cohort:manage'),
    canSettings: can(user, 'settings:manage'),
    alerts: await dashboardAlerts(user),
  }
}

const AcknowledgeSchema = z.object({
  intent: z.literal('acknowledge'),
  eventId: z.number({ required_error: 'Choose the event to acknowledge.' }).int().positive(),
})

export async function action({ request }: ActionFunctionArgs) {
  const user = await authorize(request, 'safety:review')
  const submission = await parseSubmission(request, AcknowledgeSchema)
  if (submission.status !== 'success') return invalid(submission, { intent: 'acknowledge' })
  if (!acknowledgeSeriousEvent(submission.value.eventId, user.id))
    return invalid(
      submission,
      { intent: 'acknowledge', formErrors: ['That event has already been acknowledged, or is not a serious event.'] },
      409,
    )
  return redirectWithToast('/cohorts', { description: 'Serious adverse event acknowledged.' })
}

export default function Cohorts() {
  const { serious, cohorts, page, pages, total, canManage, canSettings, alerts } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>Cohorts</h1>
        <div className="flex gap-2">
          {canSettings ? (
            <Link className="btn-secondary" to="/settings">
              Programme settings
            </Link>
          ) : null}
          {canManage ? (
            <Link className="btn" to="/cohorts/new">
              New cohort
            </Link>
          ) : null}
        </div>
      </div>
      {serious ? <SeriousEventsToReview events={serious} /> : null}
      <StaffAlerts alerts={alerts} />
      {total === 0 ? (
        <p className="card">No cohorts yet.</p>
      ) : (
        <p className="text-slate-700">{total} cohorts, newest first.</p>
      )}
      <ul className="grid gap-3 md:grid-cols-2">
        {cohorts.map((c) => (
          <li key={c.id} className="card">
            <h2 className="text-lg">
              <Link to={`/cohorts/${c.id}`}>{c.name}</Link>
            </h2>
            <p className="text-sm text-slate-700">
              {c.schedule} · starts {c.startDate}
            </p>
            <p className="mt-1 font-semibold">{c.week === 0 ? 'Not started' : `Week ${c.week} of 24`}</p>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center gap-4">
          {page > 1 ? <Link to={`?page=${page - 1}`}>← Newer</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link to={`?page=${page + 1}`}>Older →</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}
