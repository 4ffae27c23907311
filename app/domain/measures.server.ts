import { and, asc, desc, eq, ne } from 'drizzle-orm'
import {
  type Locale,
  adverseEvents,
  attendance,
  cohortSchedule,
  cohorts,
  continuationDecisions,
  groups,
  meetings,
  participants,
  practiceLogs,
  promisAnxiety,
  toxResults,
  users,
  weeklySurveys,
} from '#db/schema'
import { audit } from '~/auth/audit.server'
import { surveysOf } from './surveys.server'
import { revokeUserSessions } from '~/auth/session.server'
import { getDb, type DB } from '~/db.server'
import { cravingScore, promisAnxietyRaw, promisAnxietyT, TOX_CLASSES, type ToxResult } from './instruments'
import { localDate } from './schedule'
import { toxRecordProblems } from './toxicology'

export class MeasureError extends Error {}

export type WeeklySurveyInput = {
  week: number
  /** the craving scale's answers, in item order */
  craving: readonly number[]
  usedOpioids: boolean
  otherSubstances: Record<string, boolean>
  /** the language the questions were shown in */
  language: Locale
}

type Writer = Pick<DB, 'select' | 'insert'>

/** One survey per participant and week; scored with the instrument's own rule. */
export function submitWeeklySurvey(participantId: number, input: WeeklySurveyInput, db: Writer = getDb()) {
  const exists = db
    .select({ id: weeklySurveys.id })
    .from(weeklySurveys)
    .where(and(eq(weeklySurveys.participantId, participantId), eq(weeklySurveys.week, input.week)))
    .get()
  if (exists) throw new MeasureError('You have already done this week’s check-in. Thank you!')
  db.insert(weeklySurveys)
    .values({
      participantId,
      week: input.week,
      cravingNow: input.craving[0],
      cravingCue: input.craving[1],
      cravingLikelihood: input.craving[2],
      cravingScore: cravingScore([...input.craving]),
      usedOpioids: input.usedOpioids,
      otherSubstances: input.otherSubstances,
      language: input.language,
      submittedAt: new Date().toISOString(),
    })
    .run()
}

export function submitPromis(
  participantId: number,
  week: number,
  items: number[],
  language: Locale,
  db: Writer = getDb(),
) {
  const raw = promisAnxietyRaw(items)
  const t = promisAnxietyT(items)
  if (raw === null || t === null) throw new MeasureError('Please answer all 8 questions.')
  const exists = db
    .select({ id: promisAnxiety.id })
    .from(promisAnxiety)
    .where(and(eq(promisAnxiety.participantId, participantId), eq(promisAnxiety.week, week)))
    .get()
  if (exists) throw new MeasureError('You have already answered these questions for this week. Thank you!')
  db.insert(promisAnxiety)
    .values({ participantId, week, items, raw, tScore: t, language, submittedAt: new Date().toISOString() })
    .run()
}

/**
 * Baseline PROMIS (week 0) asked by staff at screening or enrolment, before randomization as in
 * the trial, and recorded for the participant (issue 11). Items are asked in English (the
 * licensed Spanish wording is not in the app). Audit-logged; refused when week 0 is already in.
 */
export function recordBaselinePromis(participantId: number, items: number[], actorId: number) {
  getDb().transaction((tx) => {
    submitPromis(participantId, 0, items, 'en', tx)
    audit({ actorId, action: 'promis.baseline', entity: 'participant', entityId: participantId, participantId }, tx)
  })
}

/**
 * The participant's one check-in form: the weekly questions, PROMIS, or both when both are due,
 * saved in one transaction — both parts or neither (a MeasureError from either rolls back both).
 * Each response records the language it was given in.
 */
export function submitCheckIn(
  participantId: number,
  parts: { weekly?: WeeklySurveyInput; promis?: { week: number; items: number[] } },
  language: Locale,
) {
  getDb().transaction((tx) => {
    if (parts.weekly) submitWeeklySurvey(participantId, { ...parts.weekly, language }, tx)
    if (parts.promis) submitPromis(participantId, parts.promis.week, parts.promis.items, language, tx)
  })
}

export type ToxInput = {
  /** the cohort-local date the sample was collected (YYYY-MM-DD); the period follows from it */
  collectedOn: string
  panel: string
  /** a result for every class in TOX_CLASSES */
  results: Readonly<Record<string, unknown>>
}

export type ToxRecorded =
  { ok: true; id: number; period: number } | { ok: false; problems: { path?: string; message: string }[] }

/**
 * Records one oral toxicology test: the one way to record a result (participant page, session
 * screen, demo seed). The 2-week period is computed from the collection date and the cohort's
 * schedule (`toxRecordProblems`), never taken from the form. Refused with problems, nothing
 * written, when the date is not a real date, in the future, outside the programme or after the
 * person left, or when any substance has no result chosen.
 */
export function recordToxResult(
  participantId: number,
  input: ToxInput,
  actorId: number,
  now = new Date(),
): ToxRecorded {
  return getDb().transaction((tx) => {
    const who = tx
      .select({ withdrawnAt: participants.withdrawnAt, schedule: cohortSchedule })
      .from(participants)
      .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
      .where(eq(participants.id, participantId))
      .get()
    if (!who) return { ok: false, problems: [{ message: 'Unknown participant.' }] }
    const tz = who.schedule.timeZone
    const { problems, period } = toxRecordProblems({
      schedule: who.schedule,
      today: localDate(now, tz),
      collectedOn: input.collectedOn,
      leftOn: who.withdrawnAt ? localDate(new Date(who.withdrawnAt), tz) : null,
      results: input.results,
    })
    if (problems.length || period === null) return { ok: false, problems }
    const results = Object.fromEntries(TOX_CLASSES.map((c) => [c, input.results[c] as ToxResult]))
    const row = tx
      .insert(toxResults)
      .values({
        participantId,
        period,
        collectedOn: input.collectedOn,
        panel: input.panel,
        results,
        recordedBy: actorId,
      })
      .returning({ id: toxResults.id })
      .get()
    audit({ actorId, action: 'tox.create', entity: 'tox_result', entityId: row.id, participantId }, tx)
    return { ok: true, id: row.id, period }
  })
}

/** Everything staff see on a participant's page: a fixed number of queries. */
export function participantRecord(participantId: number) {
  const db = getDb()
  const person = db
    .select({
      id: participants.id,
      studyId: participants.studyId,
      name: users.name,
      status: participants.status,
      withdrawnAt: participants.withdrawnAt,
      gender: participants.gender,
      raceEthnicity: participants.raceEthnicity,
      language: participants.language,
      groupId: groups.id,
      groupName: groups.name,
      arm: groups.arm,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      schedule: cohortSchedule,
    })
    .from(participants)
    .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
    .leftJoin(groups, eq(groups.id, participants.groupId))
    .leftJoin(users, eq(users.id, participants.userId))
    .where(eq(participants.id, participantId))
    .get()
  if (!person) return null
  const answers = surveysOf(participantId)
  return {
    person,
    attendance: db
      .select({ week: meetings.week, status: attendance.status, note: attendance.note })
      .from(attendance)
      .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
      .where(eq(attendance.participantId, participantId))
      .orderBy(asc(meetings.week))
      .all(),
    surveys: answers.weekly,
    promis: answers.promis,
    practice: db
      .select()
      .from(practiceLogs)
      .where(eq(practiceLogs.participantId, participantId))
      .orderBy(desc(practiceLogs.date))
      .all(),
    tox: db
      .select()
      .from(toxResults)
      .where(eq(toxResults.participantId, participantId))
      .orderBy(asc(toxResults.period), asc(toxResults.collectedOn))
      .all(),
    adverseEvents: db
      .select()
      .from(adverseEvents)
      .where(eq(adverseEvents.participantId, participantId))
      .orderBy(desc(adverseEvents.onsetDate))
      .all(),
    decision:
      db.select().from(continuationDecisions).where(eq(continuationDecisions.participantId, participantId)).get() ??
      null,
  }
}

/** Records that a participant has left the programme (they stay in the data: intention-to-treat). */
export function withdrawParticipant(participantId: number, reason: string, actorId: number): boolean {
  const userId = getDb().transaction((tx) => {
    const changed = tx
      .update(participants)
      .set({ status: 'withdrawn', withdrawnAt: new Date().toISOString() })
      .where(and(eq(participants.id, participantId), ne(participants.status, 'withdrawn')))
      .returning({ userId: participants.userId })
      .get()
    if (!changed) return undefined
    audit(
      {
        actorId,
        action: 'participant.withdraw',
        entity: 'participant',
        entityId: participantId,
        participantId,
        detail: reason,
      },
      tx,
    )
    return changed.userId
  })
  if (userId === undefined) return false
  // Their portal closes with them: end any signed-in sessions.
  if (userId !== null) revokeUserSessions(userId)
  return true
}
