import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { findLessonMeta } from '~/content/content.server'
import { requireParticipant } from '~/auth/participant.server'
import {
  checkInStatus,
  focusWeek,
  minutesByWeek,
  myGuides,
  practiceLogsSince,
  todayFor,
  weeksAttended,
} from '~/domain/portal.server'
import { addDays, formatInstant, nextMeeting } from '~/domain/schedule'

export const meta: MetaFunction = () => [{ title: 'Home · Weekly Groups' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireParticipant(request)
  const now = new Date()
  const next = nextMeeting(me.schedule, now)
  const week = focusWeek(me, now)
  const today = todayFor(me, now)
  const { due } = checkInStatus(me, now)
  const guides = myGuides(me, now)
  const [thisWeek] = minutesByWeek(practiceLogsSince(me.participantId, addDays(today, -6)), today, 1)
  return {
    name: me.name,
    groupName: me.groupName,
    next: next ? { week: next.week, at: formatInstant(next.at, me.timeZone) } : null,
    week,
    theme: findLessonMeta(me.arm, week)?.theme ?? null,
    guides: guides.thisWeek.map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes, summary: g.summary })),
    surveyDue: due.weekly !== null || due.promis !== null,
    attended: weeksAttended(me.participantId),
    minutesThisWeek: thisWeek.minutes,
  }
}

export default function ParticipantHome() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>Hi, {d.name}</h1>
      {d.surveyDue ? (
        <p className="card border-brand-600 bg-brand-50">
          <strong>Your check-in is ready.</strong> It takes about 2 minutes.{' '}
          <Link to="/me/check-in">Do my check-in</Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="group-heading">
        <h2 id="group-heading">{d.groupName}</h2>
        <p className="mt-1">
          {d.next ? (
            <>
              Next meeting: <strong>{d.next.at}</strong> (week {d.next.week})
            </>
          ) : (
            'Your group has finished all 24 weeks. Well done.'
          )}
        </p>
        {d.theme ? <p className="mt-2">This week: {d.theme}</p> : null}
      </section>
      <section className="card" aria-labelledby="practice-heading">
        <h2 id="practice-heading">This week's practice</h2>
        <ul className="mt-2 space-y-3">
          {d.guides.map((g) => (
            <li key={g.slug}>
              <Link to={`/me/practice/${g.slug}`} className="font-semibold">
                {g.title}
              </Link>{' '}
              <span className="text-base text-slate-700">({g.minutes} min)</span>
              <p className="text-base">{g.summary}</p>
            </li>
          ))}
        </ul>
        <p className="mt-3">
          <Link className="btn" to="/me/practice">
            Log a practice
          </Link>
        </p>
      </section>
      <section className="card" aria-labelledby="progress-heading">
        <h2 id="progress-heading">My progress</h2>
        <dl className="mt-2 grid grid-cols-2 gap-3">
          <div>
            <dt className="text-base text-slate-700">Group meetings attended</dt>
            <dd className="text-3xl font-bold">{d.attended}</dd>
          </div>
          <div>
            <dt className="text-base text-slate-700">Practice minutes, last 7 days</dt>
            <dd className="text-3xl font-bold">{d.minutesThisWeek}</dd>
          </div>
        </dl>
      </section>
    </div>
  )
}
