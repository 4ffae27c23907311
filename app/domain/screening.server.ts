import { and, asc, count, desc, eq, isNotNull, notInArray } from 'drizzle-orm'
import {
  AUDIT_WITHDRAWAL,
  auditLog,
  cohortSchedule,
  cohorts,
  participants,
  promisAnxiety,
  screeningCriteria,
  screeningLog,
  weeklySurveys,
  type CRITERION_KINDS,
} from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb } from '~/db.server'
import { consortCounts, type ConsortParticipant } from './consort'
import { participantOutcomes } from './outcomes-report'
import { outcomeTables } from './outcomes-report.server'
import { claimVersion } from './record-version.server'
import { DEFAULT_CRITERIA, screeningStage, type ScreeningInput } from './screening'
import { addDays, isFinished } from './schedule'

export type Criterion = typeof screeningCriteria.$inferSelect

/** The criteria list; a new programme starts with the trial's (DEFAULT_CRITERIA). */
export function listCriteria(): Criterion[] {
  const db = getDb()
  const rows = db
    .select()
    .from(screeningCriteria)
    .orderBy(desc(screeningCriteria.kind), asc(screeningCriteria.sortOrder), asc(screeningCriteria.id))
    .all()
  if (rows.length) return rows
  const empty = db.select({ n: count() }).from(screeningCriteria).get()!.n === 0
  if (empty)
    db.insert(screeningCriteria)
      .values(DEFAULT_CRITERIA.map((c, i) => ({ ...c, sortOrder: i })))
      .run()
  return db
    .select()
    .from(screeningCriteria)
    .orderBy(desc(screeningCriteria.kind), asc(screeningCriteria.sortOrder), asc(screeningCriteria.id))
    .all()
}

export function addCriterion(kind: (typeof CRITERION_KINDS)[number], text: string, actorId: number) {
  listCriteria() // seed the defaults first, so a new criterion joins them rather than replacing them
  getDb().transaction((tx) => {
    const row = tx
      .insert(screeningCriteria)
      .values({ kind, text, sortOrder: 1000 })
      .returning({ id: screeningCriteria.id })
      .get()
    audit({ actorId, action: 'screening_criterion.create', entity: 'screening_criterion', entityId: row.id }, tx)
  })
}

/** Retire or restore a criterion (never deleted: old entries keep their reasons). */
export function setCriterionActive(id: number, active: boolean, actorId: number): boolean {
  return getDb().transaction((tx) => {
    const changed = tx
      .update(screeningCriteria)
      .set({ active })
      .where(eq(screeningCriteria.id, id))
      .returning({ id: screeningCriteria.id })
      .get()
    if (!changed) return false
    audit(
      {
        actorId,
        action: active ? 'screening_criterion.restore' : 'screening_criterion.retire',
        entity: 'screening_criterion',
        entityId: id,
      },
      tx,
    )
    return true
  })
}

export type ScreeningEntry = typeof screeningLog.$inferSelect

/** A cohort's screening log, newest first, with each entry's stage and the linked study id. */
export function screeningLogOf(cohortId: number) {
  return getDb()
    .select({ entry: screeningLog, studyId: participants.studyId })
    .from(screeningLog)
    .leftJoin(participants, eq(participants.id, screeningLog.participantId))
    .where(eq(screeningLog.cohortId, cohortId))
    .orderBy(desc(screeningLog.screenedOn), desc(screeningLog.id))
    .all()
    .map(({ entry, studyId }) => ({ ...entry, studyId, stage: screeningStage(entry) }))
}

/** Enrolled participants of the cohort that no other screening entry is linked to. */
export function linkableParticipants(cohortId: number, entryId: number | null) {
  const db = getDb()
  const taken = db
    .select({ id: screeningLog.id, participantId: screeningLog.participantId })
    .from(screeningLog)
    .where(isNotNull(screeningLog.participantId))
    .all()
    .filter((r) => r.id !== entryId)
    .map((r) => r.participantId as number)
  return db
    .select({ id: participants.id, studyId: participants.studyId })
    .from(participants)
    .where(and(eq(participants.cohortId, cohortId), taken.length ? notInArray(participants.id, taken) : undefined))
    .orderBy(asc(participants.studyId))
    .all()
}

export function getScreeningEntry(cohortId: number, id: number) {
  return (
    getDb()
      .select()
      .from(screeningLog)
      .where(and(eq(screeningLog.id, id), eq(screeningLog.cohortId, cohortId)))
      .get() ?? null
  )
}

/**
 * Creates (id null, expected version 0) or updates a screening entry, claiming its version
 * first (ADR 013: a stale save throws StaleRecordError and writes nothing). Audit-logged.
 */
export function saveScreening(
  cohortId: number,
  id: number | null,
  expectedVersion: number,
  input: ScreeningInput,
  actorId: number,
): number {
  const db = getDb()
  return db.transaction((tx) => {
    claimVersion(tx, screeningLog, 'screening entry', id, expectedVersion)
    const values = { ...input, cohortId, recordedBy: actorId, updatedAt: new Date().toISOString() }
    let entryId: number
    if (id === null) {
      const n = tx.select({ n: count() }).from(screeningLog).where(eq(screeningLog.cohortId, cohortId)).get()!.n
      entryId = tx
        .insert(screeningLog)
        .values({ ...values, code: `S${cohortId}-${String(n + 1).padStart(3, '0')}` })
        .returning({ id: screeningLog.id })
        .get().id
    } else {
      tx.update(screeningLog).set(values).where(eq(screeningLog.id, id)).run()
      entryId = id
    }
    audit(
      {
        actorId,
        action: id === null ? 'screening.create' : 'screening.update',
        entity: 'screening_log',
        entityId: entryId,
        participantId: input.participantId,
        detail: `stage=${screeningStage(input)}`,
      },
      tx,
    )
    return entryId
  })
}

/**
 * The CONSORT counts for the whole programme: one query per table (screening log, criteria,
 * the outcome tables, week-24 answers, withdrawal reasons), then the pure rule.
 */
export function consortReport(now = new Date()) {
  const db = getDb()
  const screening = db
    .select({
      eligible: screeningLog.eligible,
      failedCriteria: screeningLog.failedCriteria,
      consent: screeningLog.consent,
      baselineCompletedOn: screeningLog.baselineCompletedOn,
      participantId: screeningLog.participantId,
    })
    .from(screeningLog)
    .all()
  const criteria = listCriteria()
  const tables = outcomeTables()
  const outcomes = new Map(participantOutcomes(tables, now).map((o) => [o.id, o]))
  const week24 = new Set([
    ...db
      .select({ id: weeklySurveys.participantId })
      .from(weeklySurveys)
      .where(eq(weeklySurveys.week, 24))
      .all()
      .map((r) => r.id),
    ...db
      .select({ id: promisAnxiety.participantId })
      .from(promisAnxiety)
      .where(eq(promisAnxiety.week, 24))
      .all()
      .map((r) => r.id),
  ])
  // The withdrawal reason is recorded with the withdrawal in the audit log (withdrawParticipant).
  const reasons = new Map<number, string | null>()
  for (const r of db
    .select({ participantId: auditLog.participantId, detail: auditLog.detail })
    .from(auditLog)
    .where(AUDIT_WITHDRAWAL)
    .orderBy(asc(auditLog.id))
    .all())
    if (r.participantId !== null) reasons.set(r.participantId, r.detail)
  const finished = new Map(
    db
      .select({ id: cohorts.id, schedule: cohortSchedule })
      .from(cohorts)
      .all()
      .map((c) => [c.id, isFinished(c.schedule, now)]),
  )
  const randomized: ConsortParticipant[] = tables.people.map((p) => {
    const o = outcomes.get(p.id)!
    return {
      id: p.id,
      arm: p.arm,
      attendedSessions: o.attended,
      continuation: o.continuation,
      withdrawn: p.status === 'withdrawn' || p.withdrawnAt !== null,
      withdrawalReason: reasons.get(p.id) ?? null,
      followUpOver: finished.get(p.cohortId) ?? false,
      week24Assessed: week24.has(p.id),
      primaryObserved: o.opioids.counts.abstinent + o.opioids.counts.nonAbstinent > 0,
    }
  })
  return { counts: consortCounts({ screening, criteria, randomized }), criteria }
}

/**
 * The demo programme's screening log for one cohort (app/demo/seed.server.ts): an entry for each
 * enrolled participant, linked, and a fixed, deterministic set of people who did not join
 * (ineligible for each criterion in turn, declined, baseline not completed), so the CONSORT
 * figure has every box filled.
 */
export function seedDemoScreening(cohortId: number, startDate: string, enrolledIds: number[], actorId: number) {
  const criteria = listCriteria()
  const day = (n: number) => addDays(startDate, n)
  const base: ScreeningInput = {
    referredOn: day(-21),
    screenedOn: day(-14),
    eligible: true,
    failedCriteria: [],
    consent: 'consented',
    consentedOn: day(-7),
    baselineCompletedOn: day(-6),
    participantId: null,
  }
  const notJoining = Math.max(3, Math.round(enrolledIds.length / 2))
  for (let i = 0; i < notJoining; i++) {
    const kind = i % 4
    saveScreening(
      cohortId,
      null,
      0,
      kind < 2
        ? {
            ...base,
            eligible: false,
            failedCriteria: [criteria[(i + cohortId) % criteria.length].id],
            consent: 'pending',
            consentedOn: null,
            baselineCompletedOn: null,
          }
        : kind === 2
          ? { ...base, consent: 'declined', consentedOn: null, baselineCompletedOn: null }
          : { ...base, baselineCompletedOn: null },
      actorId,
    )
  }
  for (const participantId of enrolledIds) saveScreening(cohortId, null, 0, { ...base, participantId }, actorId)
}

/** Every cohort with how many people its screening log holds, newest cohort first. */
export function cohortsForScreening() {
  return getDb()
    .select({ id: cohorts.id, name: cohorts.name, entries: count(screeningLog.id) })
    .from(cohorts)
    .leftJoin(screeningLog, eq(screeningLog.cohortId, cohorts.id))
    .groupBy(cohorts.id)
    .orderBy(desc(cohorts.startDate), desc(cohorts.id))
    .all()
}
