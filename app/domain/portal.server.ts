import { and, desc, eq, gte, sql } from 'drizzle-orm'
import {
  attendance,
  cohortSchedule,
  cohorts,
  groups,
  meetings,
  participants,
  practiceLogs,
  type Arm,
  type Locale,
} from '#db/schema'
import { findLessonMeta, getGuide, listGuides } from '~/content/content.server'
import { preparedPerConnection, type DB } from '~/db.server'
import { isAttended } from './adherence'
import { getProgrammeSettings } from './settings.server'
import { dueSurveys } from './survey-window'
import { surveysOf } from './surveys.server'
import { addDays, currentWeek, localDate, nextMeeting, type CohortSchedule } from './schedule'

export type OwnParticipant = {
  userId: number
  timeZone: string
  /** the language their pages are shown in */
  locale: Locale
  name: string
  participantId: number
  groupId: number
  groupName: string
  arm: Arm
  schedule: CohortSchedule
}

/**
 * The participant home's queries (every participant page asks the first), built and prepared
 * once per connection: drizzle's query builder cost more than SQLite's answer on /me.
 */
function prepareQueries(db: DB) {
  const userId = sql.placeholder('userId')
  const participantId = sql.placeholder('participantId')
  return {
    own: db
      .select({
        participantId: participants.id,
        groupId: groups.id,
        groupName: groups.name,
        arm: groups.arm,
        status: participants.status,
        schedule: cohortSchedule,
      })
      .from(participants)
      .innerJoin(groups, eq(groups.id, participants.groupId))
      .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
      .where(eq(participants.userId, userId))
      .prepare(),
    attendance: db
      .select({ status: attendance.status })
      .from(attendance)
      .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
      .where(eq(attendance.participantId, participantId))
      .prepare(),
    practiceSince: db
      .select()
      .from(practiceLogs)
      .where(and(eq(practiceLogs.participantId, participantId), gte(practiceLogs.date, sql.placeholder('fromDate'))))
      .orderBy(desc(practiceLogs.date), desc(practiceLogs.id))
      .prepare(),
  }
}
const queries = preparedPerConnection(prepareQueries)

/**
 * The participant record behind a signed-in participant account: their own record only, and
 * none (null) until they are in a group or once they have left. The auth layer
 * (`requireParticipant`) turns null into a 404.
 */
export function findOwnParticipant(user: {
  id: number
  name: string
  timeZone: string
  locale: Locale
}): OwnParticipant | null {
  const row = queries().own.get({ userId: user.id })
  if (!row || row.status === 'withdrawn') return null
  const { status: _status, ...own } = row
  return { ...own, userId: user.id, name: user.name, timeZone: user.timeZone, locale: user.locale }
}

/** The lesson week a participant is preparing for: the next meeting's, else the last. */
export function focusWeek(me: OwnParticipant, now = new Date()) {
  return nextMeeting(me.schedule, now)?.week ?? Math.max(1, currentWeek(me.schedule, now))
}

/**
 * Guides assigned this week first, then every guide of the participant's own arm assigned so far,
 * in the participant's language.
 */
export function myGuides(me: OwnParticipant, now = new Date()) {
  const week = focusWeek(me, now)
  const guides = listGuides(me.arm, me.locale)
  const assigned = findLessonMeta(me.arm, week)?.practices ?? []
  const soFar = new Set<string>()
  for (let w = 1; w <= week; w++) for (const slug of findLessonMeta(me.arm, w)?.practices ?? []) soFar.add(slug)
  return {
    week,
    thisWeek: assigned.map((slug) => guides.find((g) => g.slug === slug)!).filter(Boolean),
    earlier: guides.filter((g) => soFar.has(g.slug) && !assigned.includes(g.slug)),
  }
}

/**
 * Blinding: a participant may open only their own group's guides; any other slug is none (null).
 * The guide is in their language where it is translated (else English).
 */
export async function findOwnGuide(me: Pick<OwnParticipant, 'arm'> & { locale?: Locale }, slug: string) {
  const guide = await getGuide(slug, me.locale ?? 'en')
  return guide && guide.arm === me.arm ? guide : null
}

export function weeksAttended(participantId: number) {
  return queries()
    .attendance.all({ participantId })
    .filter((a) => isAttended(a.status)).length
}

export function practiceLogsSince(participantId: number, fromDate: string) {
  return queries().practiceSince.all({ participantId, fromDate })
}

/** Minutes per 7-day span ending today, oldest first: `spans` of them. */
export function minutesByWeek(logs: { date: string; minutes: number }[], today: string, spans = 8) {
  return Array.from({ length: spans }, (_, i) => {
    const end = addDays(today, -7 * (spans - 1 - i))
    const start = addDays(end, -6)
    return {
      start,
      end,
      minutes: logs.filter((l) => l.date >= start && l.date <= end).reduce((s, l) => s + l.minutes, 0),
    }
  })
}

export function todayFor(me: OwnParticipant, now = new Date()) {
  return localDate(now, me.timeZone)
}

/**
 * The participant's check-in state: what they have sent and which forms are due now. Both the
 * home page and the check-in page ask this one function (the rule itself is `dueSurveys`).
 */
export function checkInStatus(me: Pick<OwnParticipant, 'participantId' | 'schedule'>, now = new Date()) {
  const done = surveysOf(me.participantId)
  const due = dueSurveys({ schedule: me.schedule, graceDays: getProgrammeSettings().surveyGraceDays, now, done })
  return { done, due }
}
