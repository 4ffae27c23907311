import { eq } from 'drizzle-orm'
import { continuationDecisions } from '#db/schema'
import { overdoseSafety } from '~/content/overdose-safety'
import { getDb } from '~/db.server'
import { checkInHistory, openAnswerReportingUse, type WeeklyAnswer } from './check-in'
import { expectedOfMe } from './my-week'
import { focusWeek, type OwnParticipant } from './portal.server'
import { getProgrammeSettings } from './settings.server'
import { isFinished } from './schedule'
import { openSurveyWeeks } from './survey-window'
import { surveysOf } from './surveys.server'

/**
 * The participant's own check-in pages (their own rows only: every function takes the record
 * `requireParticipant` returned). The rules are the pure ones in ./check-in and ./my-week.
 */

/**
 * After this week's check-in: which week was answered and, when it reported opioid use, the
 * overdose-safety text in the participant's language (identical in both arms). Null when no
 * check-in of a still-open week has been answered.
 */
export function checkInReply(
  me: Pick<OwnParticipant, 'schedule' | 'locale'>,
  done: { weekly: readonly WeeklyAnswer[] },
  now = new Date(),
) {
  const open = openSurveyWeeks(me.schedule, getProgrammeSettings().surveyGraceDays, now)
  const answered = done.weekly.filter((a) => open.includes(a.week)).sort((a, b) => b.week - a.week)[0]
  if (!answered) return null
  const used = openAnswerReportingUse(done.weekly, open)
  return {
    week: answered.week,
    usedOpioids: used !== null,
    safety: used ? overdoseSafety(me.locale) : null,
  }
}

/** The participant's own past answers, week by week, missed weeks included. */
export function ownCheckInHistory(me: Pick<OwnParticipant, 'participantId' | 'schedule'>, now = new Date()) {
  const { weekly, promis } = surveysOf(me.participantId)
  const rows = checkInHistory({
    schedule: me.schedule,
    graceDays: getProgrammeSettings().surveyGraceDays,
    now,
    weekly,
    promis,
  })
  return { rows, baselineDone: promis.some((p) => p.week === 0) }
}

/** What is expected of the participant this week: their track (group or check-in only) and its parts. */
export function myWeek(me: OwnParticipant, now = new Date()) {
  const decision =
    getDb()
      .select({ decision: continuationDecisions.decision })
      .from(continuationDecisions)
      .where(eq(continuationDecisions.participantId, me.participantId))
      .get()?.decision ?? null
  return expectedOfMe({
    arm: me.arm,
    week: focusWeek(me, now),
    decision,
    settings: getProgrammeSettings(),
    programmeRunning: !isFinished(me.schedule, now),
  })
}
