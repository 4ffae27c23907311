import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'
import { lessonTheme } from '~/content/content.server'
import { requireParticipant } from '~/auth/participant.server'
import { myWeek } from '~/domain/check-in.server'
import {
  checkInStatus,
  focusWeek,
  minutesByWeek,
  myGuides,
  practiceLogsSince,
  todayFor,
  weeksAttended,
} from '~/domain/portal.server'
import { addDays, nextMeeting } from '~/domain/schedule'
import { formatMeetingTime } from '~/i18n/format'
import { pageTitle } from '~/i18n/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Home' }]

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
    title: pageTitle(me.locale, 'home.title'),
    name: me.name,
    groupName: me.groupName,
    next: next ? { week: next.week, at: formatMeetingTime(next.at, me.timeZone, me.locale) } : null,
    week,
    theme: lessonTheme(me.arm, week, me.locale),
    guides: guides.thisWeek.map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes, summary: g.summary })),
    surveyDue: due.weekly !== null || due.promis !== null,
    attended: weeksAttended(me.participantId),
    minutesThisWeek: thisWeek.minutes,
    myWeek: myWeek(me, now),
  }
}

export default function ParticipantHome() {
  const d = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  // On the check-in-only track the group meeting and the practices are no longer listed.
  const inGroup = d.myWeek.track !== 'checkInOnly'
  return (
    <div className="mx-auto max-w-2xl space-y-5 text-lg">
      <h1>{t('home.greeting', { name: d.name })}</h1>
      {d.surveyDue ? (
        <p className="card border-brand-600 bg-brand-50">
          <strong>{t('home.checkInReady')}</strong> {t('home.checkInTime')}{' '}
          <Link to="/me/check-in">{t('home.doCheckIn')}</Link>
        </p>
      ) : null}
      <ExpectedThisWeek week={d.myWeek} />
      <section className="card" aria-labelledby="group-heading">
        <h2 id="group-heading">{inGroup ? d.groupName : t('home.checkInOnlyHeading')}</h2>
        <p className="mt-1">
          {d.next ? (
            <Trans
              t={t}
              i18nKey={inGroup ? 'home.nextMeeting' : 'home.nextCheckIn'}
              values={{ at: d.next.at, week: d.next.week }}
              components={[<strong key="at" />]}
            />
          ) : (
            t('home.finished')
          )}
        </p>
        {inGroup && d.theme ? (
          <p className="mt-2" lang={d.theme.lang === i18n.language ? undefined : d.theme.lang}>
            {t('home.thisWeekTheme', { theme: d.theme.text })}
          </p>
        ) : null}
      </section>
      {inGroup ? (
        <section className="card" aria-labelledby="practice-heading">
          <h2 id="practice-heading">{t('home.practiceHeading')}</h2>
          <ul className="mt-2 space-y-3">
            {d.guides.map((g) => (
              <li key={g.slug}>
                <Link to={`/me/practice/${g.slug}`} className="font-semibold">
                  {g.title}
                </Link>{' '}
                <span className="text-base text-slate-700">({t('units.minutes', { count: g.minutes })})</span>
                <p className="text-base">{g.summary}</p>
              </li>
            ))}
          </ul>
          <p className="mt-3">
            <Link className="btn" to="/me/practice">
              {t('home.logPractice')}
            </Link>
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t('home.progressHeading')}</h2>
        <dl className="mt-2 grid grid-cols-2 gap-3">
          <div>
            <dt className="text-base text-slate-700">{t('home.attended')}</dt>
            <dd className="text-3xl font-bold">{d.attended.toLocaleString(i18n.language)}</dd>
          </div>
          <div>
            <dt className="text-base text-slate-700">{t('home.minutes7')}</dt>
            <dd className="text-3xl font-bold">{d.minutesThisWeek.toLocaleString(i18n.language)}</dd>
          </div>
        </dl>
        <p className="mt-3">
          <Link to="/me/check-in/history">{t('home.pastAnswers')}</Link>
        </p>
      </section>
    </div>
  )
}

/** "What is expected of me this week" (the rule: domain/my-week.ts), in the participant's words. */
function ExpectedThisWeek({ week }: { week: ReturnType<typeof useLoaderData<typeof loader>>['myWeek'] }) {
  const { t } = useTranslation()
  if (week.track === 'finished') return null
  return (
    <section className="card" aria-labelledby="expected-heading">
      <h2 id="expected-heading">{t('home.expectedHeading', { week: week.week })}</h2>
      {week.track === 'checkInOnly' ? <p className="mt-1">{t('home.checkInOnlyIntro')}</p> : null}
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {week.expected.map((e) => (
          <li key={e}>{t(`home.expect.${e}`)}</li>
        ))}
      </ul>
    </section>
  )
}
