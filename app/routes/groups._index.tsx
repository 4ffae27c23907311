import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { authorize } from '~/auth/authorize.server'
import { FidelityFeedback } from '~/components/fidelity-feedback'
import { StaffAlerts } from '~/components/staff-alerts'
import { dashboardAlerts } from '~/domain/alerts.server'
import { findLessonMeta } from '~/content/content.server'
import { ARM_DIRECTORY, ARM_LABEL } from '~/domain/arms'
import { continuationApplies, DECISION_WEEK } from '~/domain/continuation'
import { feedbackView } from '~/domain/fidelity.server'
import { facilitatorGroups } from '~/domain/groups.server'
import { formatInstant } from '~/domain/schedule'
import { getProgrammeSettings } from '~/domain/settings.server'

export const meta: MetaFunction = () => [{ title: 'My groups · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await authorize(request, 'cohort:read')
  const settings = getProgrammeSettings()
  const groups = facilitatorGroups(user.id).map((g) => {
    const lessonWeek = g.next?.week ?? g.week
    const lesson = lessonWeek ? findLessonMeta(g.arm, lessonWeek) : null
    return {
      id: g.id,
      name: g.name,
      armLabel: ARM_LABEL[g.arm],
      cohortId: g.cohortId,
      cohortName: g.cohortName,
      week: g.week,
      next: g.next ? { week: g.next.week, at: formatInstant(g.next.at, user.timeZone) } : null,
      lesson: lesson
        ? { week: lessonWeek, title: lesson.title, href: `/curriculum/${ARM_DIRECTORY[g.arm]}/${lessonWeek}` }
        : null,
      unrecorded: g.unrecorded,
      decisions: continuationApplies(g.arm, settings) && g.week >= DECISION_WEEK,
    }
  })
  // released fidelity feedback on the groups this person leads (never drafts, never other groups)
  const feedback = feedbackView({ groupIds: groups.map((g) => g.id) })
  return { groups, timeZone: user.timeZone, feedback, alerts: await dashboardAlerts(user) }
}

export default function MyGroups() {
  const { groups, timeZone, feedback, alerts } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <h1>My groups</h1>
      <p className="text-slate-700">Times are shown in your time zone ({timeZone}).</p>
      <StaffAlerts alerts={alerts} />
      {groups.length === 0 ? (
        <p className="card">
          You are not leading any groups yet. A coordinator adds facilitators when a cohort is created.
        </p>
      ) : null}
      <ul className="grid gap-4 md:grid-cols-2">
        {groups.map((g) => (
          <li key={g.id} className="card">
            <h2>{g.name}</h2>
            <p className="text-sm text-slate-700">
              {g.armLabel} · {g.cohortName}
            </p>
            <dl className="mt-3 grid grid-cols-[auto,1fr] gap-x-4 gap-y-1">
              <dt className="font-semibold">Current week</dt>
              <dd>{g.week === 0 ? 'Not started' : `Week ${g.week} of 24`}</dd>
              <dt className="font-semibold">Next meeting</dt>
              <dd>{g.next ? `Week ${g.next.week}: ${g.next.at}` : 'Programme complete'}</dd>
              <dt className="font-semibold">Lesson</dt>
              <dd>
                {g.lesson ? (
                  <Link to={g.lesson.href}>
                    Week {g.lesson.week}: {g.lesson.title}
                  </Link>
                ) : (
                  '—'
                )}
              </dd>
            </dl>
            {g.unrecorded.length ? (
              <p className="mt-2 text-sm font-semibold text-amber-900">
                Not yet recorded: week {g.unrecorded.join(', ')}
              </p>
            ) : null}
            <div className="mt-4 flex flex-wrap gap-2">
              {g.next ? (
                <Link className="btn" to={`/groups/${g.id}/weeks/${g.next.week}`}>
                  Run week {g.next.week}
                </Link>
              ) : null}
              {g.week > 0 ? (
                <Link className="btn-secondary" to={`/groups/${g.id}/weeks/${g.week}`}>
                  Record week {g.week}
                </Link>
              ) : null}
              {g.decisions ? (
                <Link className="btn-secondary" to={`/groups/${g.id}/decisions`}>
                  Week-8 decisions
                </Link>
              ) : null}
              <Link className="btn-secondary" to={`/cohorts/${g.cohortId}`}>
                Cohort progress
              </Link>
            </div>
          </li>
        ))}
      </ul>
      <FidelityFeedback feedback={feedback} returnTo="/groups" showSession />
    </div>
  )
}
