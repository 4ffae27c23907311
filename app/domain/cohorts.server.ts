import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { allocationSequence, cohorts, groupFacilitators, groups, participants, type Arm } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb, preparedPerConnection } from '~/db.server'
import { generateBlocks } from './randomization'

export const INITIAL_SEQUENCE_LENGTH = 48

export type NewCohort = {
  name: string
  startDate: string
  weekday: number
  startTime: string
  timeZone: string
  groups: Record<Arm, { name: string; facilitatorIds: number[] }>
}

/**
 * Creates a cohort, its two groups (same weekday and time by construction: both take the
 * cohort's schedule) and its concealed allocation sequence, in one transaction.
 */
export function createCohort(input: NewCohort, actorId: number): number {
  const db = getDb()
  return db.transaction((tx) => {
    const cohort = tx
      .insert(cohorts)
      .values({
        name: input.name,
        startDate: input.startDate,
        weekday: input.weekday,
        startTime: input.startTime,
        timeZone: input.timeZone,
        status: 'active',
      })
      .returning({ id: cohorts.id })
      .get()
    for (const arm of ['mrocc', 'recovery_support'] as const) {
      const group = tx
        .insert(groups)
        .values({ cohortId: cohort.id, arm, name: input.groups[arm].name })
        .returning({ id: groups.id })
        .get()
      for (const userId of input.groups[arm].facilitatorIds) {
        tx.insert(groupFacilitators).values({ groupId: group.id, userId }).run()
      }
    }
    tx.insert(allocationSequence)
      .values(generateBlocks(INITIAL_SEQUENCE_LENGTH).map((a) => ({ ...a, cohortId: cohort.id })))
      .run()
    audit(
      {
        actorId,
        action: 'cohort.create',
        entity: 'cohort',
        entityId: cohort.id,
        detail: 'allocation sequence generated',
      },
      tx,
    )
    return cohort.id
  })
}

export type Enrolment = {
  studyId: string
  contactEmail: string
  contactPhone: string | null
  gender: string
  raceEthnicity: string
  language: string
  /** the enrolling staff member confirmed every eligibility criterion */
  eligibilityConfirmed: boolean
  consentedAt: string
}

export function studyIdTaken(studyId: string): boolean {
  return !!getDb().select({ id: participants.id }).from(participants).where(eq(participants.studyId, studyId)).get()
}

/** Enrols a participant who is eligible and has consented (anyone else is refused: nothing is written). */
export function enrolParticipant(cohortId: number, input: Enrolment, actorId: number): number {
  if (!input.eligibilityConfirmed || !input.consentedAt)
    throw new Error('Only participants confirmed eligible, who have consented, can be enrolled.')
  const db = getDb()
  return db.transaction((tx) => {
    const p = tx
      .insert(participants)
      .values({ ...input, cohortId, enrolledBy: actorId })
      .returning({ id: participants.id })
      .get()
    audit({ actorId, action: 'participant.enrol', entity: 'participant', entityId: p.id, participantId: p.id }, tx)
    return p.id
  })
}

export class RandomizationError extends Error {}

/**
 * Reveals the next unused allocation of the cohort's sequence for one eligible, consented,
 * not-yet-randomized participant, and assigns the group. Permanent; logged.
 */
export function randomizeParticipant(participantId: number, actorId: number): { groupId: number } {
  const db = getDb()
  return db.transaction((tx) => {
    const p = tx.select().from(participants).where(eq(participants.id, participantId)).get()
    if (!p) throw new RandomizationError('No such participant.')
    if (p.groupId !== null) throw new RandomizationError('This participant has already been randomized.')
    if (p.status === 'withdrawn')
      throw new RandomizationError('This participant has left the programme and cannot be randomized.')
    if (!p.eligibilityConfirmed || !p.consentedAt) {
      throw new RandomizationError('Only eligible participants who have consented can be randomized.')
    }
    let next = tx
      .select()
      .from(allocationSequence)
      .where(and(eq(allocationSequence.cohortId, p.cohortId), isNull(allocationSequence.usedAt)))
      .orderBy(asc(allocationSequence.position))
      .limit(1)
      .get()
    if (!next) {
      // Sequence exhausted: extend it with fresh blocks (still concealed, still 1:1 per block).
      const last = tx
        .select({
          position: sql<number>`max(${allocationSequence.position})`,
          block: sql<number>`max(${allocationSequence.block})`,
        })
        .from(allocationSequence)
        .where(eq(allocationSequence.cohortId, p.cohortId))
        .get()
      const more = generateBlocks(INITIAL_SEQUENCE_LENGTH, undefined, (last?.block ?? 0) + 1, (last?.position ?? 0) + 1)
      tx.insert(allocationSequence)
        .values(more.map((a) => ({ ...a, cohortId: p.cohortId })))
        .run()
      next = tx
        .select()
        .from(allocationSequence)
        .where(and(eq(allocationSequence.cohortId, p.cohortId), isNull(allocationSequence.usedAt)))
        .orderBy(asc(allocationSequence.position))
        .limit(1)
        .get()!
    }
    const group = tx
      .select({ id: groups.id })
      .from(groups)
      .where(and(eq(groups.cohortId, p.cohortId), eq(groups.arm, next.arm)))
      .get()!
    tx.update(allocationSequence)
      .set({ usedAt: new Date().toISOString(), usedBy: p.id, revealedBy: actorId })
      .where(eq(allocationSequence.id, next.id))
      .run()
    tx.update(participants).set({ groupId: group.id, status: 'active' }).where(eq(participants.id, p.id)).run()
    audit(
      {
        actorId,
        action: 'allocation.reveal',
        entity: 'allocation_sequence',
        entityId: next.id,
        participantId: p.id,
        detail: `position=${next.position}`,
      },
      tx,
    )
    return { groupId: group.id }
  })
}

export function facilitatorIdsByGroup(groupIds: number[]) {
  const db = getDb()
  if (groupIds.length === 0) return new Map<number, number[]>()
  const rows = db.select().from(groupFacilitators).where(inArray(groupFacilitators.groupId, groupIds)).all()
  const map = new Map<number, number[]>()
  for (const r of rows) map.set(r.groupId, [...(map.get(r.groupId) ?? []), r.userId])
  return map
}

/** Every cohort's allocation sequence, in order. Admins only (the route authorizes and logs). */
export function allocationSequences() {
  return getDb()
    .select({
      cohortId: allocationSequence.cohortId,
      cohortName: cohorts.name,
      position: allocationSequence.position,
      block: allocationSequence.block,
      blockSize: allocationSequence.blockSize,
      arm: allocationSequence.arm,
      usedAt: allocationSequence.usedAt,
      studyId: participants.studyId,
    })
    .from(allocationSequence)
    .innerJoin(cohorts, eq(cohorts.id, allocationSequence.cohortId))
    .leftJoin(participants, eq(participants.id, allocationSequence.usedBy))
    .orderBy(asc(allocationSequence.cohortId), asc(allocationSequence.position))
    .all()
}

/** The allocation sequences grouped by cohort, each in order. Admins only (the route authorizes and logs). */
export function allocationSequencesByCohort() {
  const rows = allocationSequences()
  const byCohort = new Map<number, { name: string; rows: typeof rows }>()
  for (const r of rows) {
    const entry = byCohort.get(r.cohortId) ?? { name: r.cohortName, rows: [] }
    entry.rows.push(r)
    byCohort.set(r.cohortId, entry)
  }
  return { cohorts: [...byCohort.entries()].map(([id, v]) => ({ id, ...v })), rowCount: rows.length }
}

export type CohortRow = typeof cohorts.$inferSelect

/** The cohort reads every cohort page makes, prepared once per connection. */
const reads = preparedPerConnection((db) => ({
  cohort: db
    .select()
    .from(cohorts)
    .where(eq(cohorts.id, sql.placeholder('cohortId')))
    .prepare(),
  cohortCount: db.select({ n: count() }).from(cohorts).prepare(),
  cohortPage: db
    .select()
    .from(cohorts)
    .orderBy(desc(cohorts.startDate), desc(cohorts.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare(),
}))
export function getCohort(cohortId: number): CohortRow | null {
  return reads().cohort.get({ cohortId }) ?? null
}

export const COHORTS_PER_PAGE = 30

/** Cohorts, newest first, a page at a time; a facilitator sees only cohorts they lead a group in. */
export function listCohorts(page: number, filterToFacilitator?: number) {
  const db = getDb()
  const pages = (total: number) => Math.max(1, Math.ceil(total / COHORTS_PER_PAGE))
  if (filterToFacilitator === undefined) {
    const q = reads(db)
    const total = q.cohortCount.get()!.n
    const rows = q.cohortPage.all({ limit: COHORTS_PER_PAGE, offset: (page - 1) * COHORTS_PER_PAGE })
    return { rows, total, pages: pages(total) }
  }
  const where = inArray(
    cohorts.id,
    db
      .select({ id: groups.cohortId })
      .from(groupFacilitators)
      .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
      .where(eq(groupFacilitators.userId, filterToFacilitator)),
  )
  const total = db.select({ n: count() }).from(cohorts).where(where).get()!.n
  const rows = db
    .select()
    .from(cohorts)
    .where(where)
    .orderBy(desc(cohorts.startDate), desc(cohorts.id))
    .limit(COHORTS_PER_PAGE)
    .offset((page - 1) * COHORTS_PER_PAGE)
    .all()
  return { rows, total, pages: pages(total) }
}

/**
 * Whether a cohort already has this name (ignoring case and surrounding spaces): staff tell
 * cohorts apart by name, and a form sent twice (a double tap without JavaScript, a resend) must
 * not create a second cohort with its own allocation sequence.
 */
export function cohortNameTaken(name: string): boolean {
  // compared here, not in SQL: SQLite's lower() folds only ASCII letters (É would stay É)
  const fold = (n: string) => n.normalize('NFC').trim().toLowerCase()
  const wanted = fold(name)
  return getDb()
    .select({ name: cohorts.name })
    .from(cohorts)
    .all()
    .some((c) => fold(c.name) === wanted)
}
