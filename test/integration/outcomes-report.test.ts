import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { auditLog } from '#db/schema'
import { getDb } from '~/db.server'
import { recordDecision } from '~/domain/decisions.server'
import { substancesUsed, toxPanel, type ToxResult } from '~/domain/instruments'
import { recordToxResult, submitPromis, submitWeeklySurvey, withdrawParticipant } from '~/domain/measures.server'
import { saveMeeting } from '~/domain/meetings.server'
import type { ParticipantOutcome, ArmSummary } from '~/domain/outcomes-report'
import { meetingDate, meetingInstant } from '~/domain/schedule'
import * as route from '~/routes/data.outcomes'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'
import { groupOf, load, loaderData, placeIn } from './route-helpers'

/**
 * The data manager's outcome page, checked through its loader against a cohort built with the
 * domain functions. Every expected number below is worked out by hand in the comments.
 *
 * Cohort: starts Tuesday 2026-01-06 (meeting 1 that day), long finished at test time.
 *  A (M-ROCC): week-1 craving 6; weeks 13–24 no use, craving 3; tests negative in periods 7–12;
 *     PROMIS wk0 all-3 (raw 24 → T 62.5), wk8 all-2 (raw 16 → 54.3); attends weeks 1–15; continues.
 *     → opioids 6/0/0, benzos 6/0/0, cocaine 6/0/0; craving change −3; adherent.
 *  B (M-ROCC): week-1 craving (9,8,7) = 8; weeks 13–24 craving 4, opioid use reported in week 13;
 *     tests negative in periods 7–11 except period 8 positive for cocaine only; no test in period 12;
 *     PROMIS wk0 all-2 (T 54.3); attends weeks 1–10; declines.
 *     → opioids: p7 use, p8–11 abstinent, p12 no test = 4/1/1; cocaine: p8 positive = 4/1/1;
 *       benzos 5/0/1; craving change −4; not adherent.
 *  C (Recovery Support): no surveys; tests negative in periods 7–12 → every period missing (no survey)
 *     = 0/0/6 each; no craving, no PROMIS (flag unknown); attends nothing; no decision record.
 *  D (Recovery Support): week-1 craving 2; weeks 13–19 no use, craving 1; tests negative in periods
 *     7–9, period 10 positive for buprenorphine only (prescribed: still negative); withdraws in
 *     week 20 (2026-05-20) → periods 11–12 missing after withdrawal = 4/0/2 each;
 *     PROMIS wk0 all-4 (raw 32 → T 70.8), wk8 and wk16 all-3 (62.5); attends weeks 1–16.
 */

const START = '2026-01-06'
const schedule = { startDate: START, weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
const NEG: ToxResult[] = Array(8).fill('negative')
/** TOX_CLASSES order: opioids, fentanyl, oxycodone, methadone, benzodiazepines, cocaine, methamphetamine, buprenorphine */
const panel = (over: Partial<Record<number, ToxResult>> = {}) => toxPanel(NEG.map((v, i) => over[i] ?? v))
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i)

let ids: Record<'A' | 'B' | 'C' | 'D', number>
let users: Record<'dataManager' | 'coordinator' | 'supervisor' | 'admin', { id: number }>

beforeAll(async () => {
  const coordinator = await createUser('coordinator')
  const lead = await createUser('facilitator')
  users = {
    coordinator,
    dataManager: await createUser('data_manager'),
    supervisor: await createUser('supervisor'),
    admin: await createUser('admin'),
  }
  const cohortId = createTestCohort({
    actorId: coordinator.id,
    facilitators: { mrocc: [lead.id], recovery_support: [lead.id] },
    startDate: START,
    weekday: 2,
  })
  const mrocc = groupOf(cohortId, 'mrocc').id
  const rs = groupOf(cohortId, 'recovery_support').id
  const enrolIn = (groupId: number) => {
    const { id } = enrolTestParticipant(cohortId, coordinator.id, false)
    placeIn(id, groupId)
    return id
  }
  ids = { A: enrolIn(mrocc), B: enrolIn(mrocc), C: enrolIn(rs), D: enrolIn(rs) }
  const survey = (pid: number, week: number, craving: number[], usedOpioids = false, other: string[] = []) =>
    submitWeeklySurvey(pid, { week, craving, usedOpioids, otherSubstances: substancesUsed(other), language: 'en' })
  // collected on the meeting day that opens the period (its period follows from the date)
  const tox = (pid: number, period: number, results = panel()) =>
    expect(
      recordToxResult(
        pid,
        { collectedOn: meetingDate(schedule, 2 * period - 1), panel: 'oral-8', results },
        coordinator.id,
      ),
    ).toMatchObject({ ok: true, period })

  // A
  survey(ids.A, 1, [6, 6, 6])
  for (const w of range(13, 24)) survey(ids.A, w, [3, 3, 3])
  for (const p of range(7, 12)) tox(ids.A, p)
  submitPromis(ids.A, 0, Array(8).fill(3), 'en')
  submitPromis(ids.A, 8, Array(8).fill(2), 'en')
  // B
  survey(ids.B, 1, [9, 8, 7])
  for (const w of range(13, 24)) survey(ids.B, w, [4, 4, 4], w === 13)
  for (const p of range(7, 11)) tox(ids.B, p, p === 8 ? panel({ 5: 'positive' }) : panel())
  submitPromis(ids.B, 0, Array(8).fill(2), 'en')
  // C
  for (const p of range(7, 12)) tox(ids.C, p)
  // D
  survey(ids.D, 1, [2, 2, 2])
  for (const w of range(13, 19)) survey(ids.D, w, [1, 1, 1])
  for (const p of range(7, 10)) tox(ids.D, p, p === 10 ? panel({ 7: 'positive' }) : panel())
  submitPromis(ids.D, 0, Array(8).fill(4), 'en')
  submitPromis(ids.D, 8, Array(8).fill(3), 'en')
  submitPromis(ids.D, 16, Array(8).fill(3), 'en')

  const meeting = (groupId: number, week: number, present: number[], absent: number[]) =>
    saveMeeting(
      {
        version: 0,
        groupId,
        week,
        scheduledAt: meetingInstant(schedule, week).toISOString(),
        status: 'held',
        checkinMinutes: 30,
        groupMinutes: 60,
        notes: null,
        lesson: null,
        facilitatorIds: [lead.id],
        attendance: [
          ...present.map((participantId) => ({ participantId, status: 'present' as const, note: null })),
          ...absent.map((participantId) => ({ participantId, status: 'absent' as const, note: null })),
        ],
        fidelity: {},
      },
      lead.id,
    )
  for (const w of range(1, 15)) meeting(mrocc, w, w <= 10 ? [ids.A, ids.B] : [ids.A], w <= 10 ? [] : [ids.B])
  for (const w of range(1, 16)) meeting(rs, w, [ids.D], [ids.C])

  recordDecision(
    { participantId: ids.A, eligible: true, offeredAt: '2026-02-24', decision: 'continue', reasons: [], note: null },
    lead.id,
  )
  recordDecision(
    { participantId: ids.B, eligible: true, offeredAt: '2026-02-24', decision: 'decline', reasons: [], note: null },
    lead.id,
  )

  // D withdraws on Wednesday of week 20 (meeting 20 = 2026-05-19).
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-05-20T15:00:00Z'))
  withdrawParticipant(ids.D, 'moved away', coordinator.id)
  vi.useRealTimers()
})

afterAll(() => vi.useRealTimers())

type Page = {
  arms: ArmSummary[]
  participants: ParticipantOutcome[]
  cravingByWeek: Record<string, { week: number; score: { n: number; mean: number | null } }[]>
  total: number
}

describe('/data/outcomes', () => {
  test('per-participant outcomes match the hand-computed answers', async () => {
    const page = await loaderData<Page>(route, users.dataManager, '/data/outcomes')
    expect(page.total).toBe(4)
    const by = (id: number) => page.participants.find((p) => p.id === id)!
    const c = (p: ParticipantOutcome, k: 'opioids' | 'benzodiazepines' | 'cocaine') => [
      p[k].counts.abstinent,
      p[k].counts.nonAbstinent,
      p[k].counts.missing,
      p[k].counts.pending,
    ]
    const A = by(ids.A)
    expect([c(A, 'opioids'), c(A, 'benzodiazepines'), c(A, 'cocaine')]).toEqual([
      [6, 0, 0, 0],
      [6, 0, 0, 0],
      [6, 0, 0, 0],
    ])
    expect(A.craving).toMatchObject({ baseline: 6, meanChange: -3, week24Change: -3 })
    expect(A.anxiety.t).toEqual({ 0: 62.5, 8: 54.3, 16: null, 24: null })
    expect(A.anxiety.elevatedBaseline).toBe(true)
    expect([A.attended, A.adherent, A.continuation]).toEqual([15, true, 'continue'])

    const B = by(ids.B)
    expect([c(B, 'opioids'), c(B, 'benzodiazepines'), c(B, 'cocaine')]).toEqual([
      [4, 1, 1, 0],
      [5, 0, 1, 0],
      [4, 1, 1, 0],
    ])
    expect(B.opioids.periods.map((p) => p.reason)).toEqual([
      'use-reported',
      'negative-test-and-no-use-reported',
      'negative-test-and-no-use-reported',
      'negative-test-and-no-use-reported',
      'negative-test-and-no-use-reported',
      'no-test',
    ])
    expect(B.craving).toMatchObject({ baseline: 8, meanChange: -4, week24Change: -4 })
    expect(B.anxiety.elevatedBaseline).toBe(false)
    expect([B.attended, B.adherent, B.continuation]).toEqual([10, false, 'decline'])

    const C = by(ids.C)
    expect(c(C, 'opioids')).toEqual([0, 0, 6, 0])
    expect(C.opioids.periods.every((p) => p.reason === 'no-survey')).toBe(true)
    expect(C.craving).toMatchObject({ baseline: null, meanChange: null, week24Change: null })
    expect(C.anxiety.elevatedBaseline).toBeNull()
    expect([C.attended, C.adherent, C.continuation]).toEqual([0, false, 'no_record'])

    const D = by(ids.D)
    expect(D.withdrawnWeek).toBe(20)
    expect([c(D, 'opioids'), c(D, 'benzodiazepines'), c(D, 'cocaine')]).toEqual([
      [4, 0, 2, 0],
      [4, 0, 2, 0],
      [4, 0, 2, 0],
    ])
    expect(D.opioids.periods.slice(4).map((p) => p.reason)).toEqual(['after-withdrawal', 'after-withdrawal'])
    expect(D.craving).toMatchObject({ baseline: 2, meanChange: -1, week24Change: null })
    expect(D.anxiety).toMatchObject({ baselineT: 70.8, elevatedBaseline: true })
    expect([D.attended, D.adherent, D.continuation]).toEqual([16, true, 'no_record'])
  })

  test('per-arm summaries match the hand-computed answers', async () => {
    const page = await loaderData<Page>(route, users.dataManager, '/data/outcomes')
    const [m, r] = page.arms
    expect(m.arm).toBe('mrocc')
    expect(r.arm).toBe('recovery_support')
    // M-ROCC: abstinent periods A 6, B 4 → mean 5, SD √((1 + 1)/1) = √2
    expect(m).toMatchObject({ randomized: 2, withdrawn: 0, adherent: 1, anxietyBaselineKnown: 2, anxietyElevated: 1 })
    expect(m.opioids.abstinentPeriods.mean).toBe(5)
    expect(m.opioids.abstinentPeriods.sd).toBeCloseTo(Math.SQRT2, 10)
    expect(m.opioids.periods).toEqual({ abstinent: 10, nonAbstinent: 1, missing: 1, pending: 0 })
    expect(m.benzodiazepines.periods).toEqual({ abstinent: 11, nonAbstinent: 0, missing: 1, pending: 0 })
    expect(m.benzodiazepines.abstinentPeriods.mean).toBe(5.5)
    expect(m.cocaine.periods).toEqual({ abstinent: 10, nonAbstinent: 1, missing: 1, pending: 0 })
    expect(m.cravingBaseline.mean).toBe(7) // (6 + 8) / 2
    expect(m.cravingMeanChange.mean).toBe(-3.5) // (−3 − 4) / 2
    expect(m.anxietyElevatedT[0]).toEqual({ n: 1, mean: 62.5, sd: null })
    expect(m.anxietyElevatedT[8]).toEqual({ n: 1, mean: 54.3, sd: null })
    expect(m.continuation).toMatchObject({ continue: 1, decline: 1, no_record: 0 })
    // Recovery Support: C 0, D 4 → mean 2, SD √((4 + 4)/1) = 2√2
    expect(r).toMatchObject({ randomized: 2, withdrawn: 1, adherent: 1, anxietyBaselineKnown: 1, anxietyElevated: 1 })
    expect(r.opioids.abstinentPeriods.mean).toBe(2)
    expect(r.opioids.abstinentPeriods.sd).toBeCloseTo(2 * Math.SQRT2, 10)
    expect(r.opioids.periods).toEqual({ abstinent: 4, nonAbstinent: 0, missing: 8, pending: 0 })
    expect(r.cravingBaseline).toEqual({ n: 1, mean: 2, sd: null })
    expect(r.cravingMeanChange).toEqual({ n: 1, mean: -1, sd: null })
    expect(r.anxietyElevatedT[16]).toEqual({ n: 1, mean: 62.5, sd: null })
    expect(r.anxietyElevatedT[24]).toEqual({ n: 0, mean: null, sd: null })
    expect(r.continuation).toMatchObject({ continue: 0, no_record: 2 })
    // Craving by week by arm: week 1 M-ROCC mean (6 + 8) / 2 = 7; week 24 M-ROCC (3 + 4) / 2 = 3.5; RS week 19 = 1
    const week = (arm: string, w: number) => page.cravingByWeek[arm].find((x) => x.week === w)!.score
    expect(week('mrocc', 1)).toMatchObject({ n: 2, mean: 7 })
    expect(week('mrocc', 24)).toMatchObject({ n: 2, mean: 3.5 })
    expect(week('recovery_support', 19)).toMatchObject({ n: 1, mean: 1 })
  })

  test('every participant shown is written to the audit log', async () => {
    const before = getDb().select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'outcomes:by_arm')).get()!.n
    await loaderData(route, users.dataManager, '/data/outcomes')
    const after = getDb().select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'outcomes:by_arm')).get()!.n
    expect(after - before).toBe(4)
  })

  test.each(['coordinator', 'supervisor', 'admin'] as const)('is refused (403) to the %s', async (who) => {
    const o = await load(route, users[who], '/data/outcomes')
    expect(o.status).toBe(403)
  })
})
