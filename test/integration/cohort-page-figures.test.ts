/**
 * Every figure the cohort page shows, checked against answers worked out by hand (ADR 012).
 *
 * A cohort is built in a real SQLite file through the domain functions, week by week as it would
 * happen, and the page's loader is called as a coordinator with the clock at weeks 3, 8, 12 and
 * 24 (`vi.setSystemTime`; only Date is faked). Expected values are literals, never recomputed by
 * the code under test.
 *
 * Schedule: starts Tuesday 2026-09-01, meets Tuesdays 18:00 America/New_York. Meeting w is on
 * 2026-09-01 + 7(w−1) days (week 8 = 10-20, 12 = 11-17, 24 = 2027-02-09). 2-week tox periods:
 * P1 09-01…09-14, P2 09-15…09-28, P3 09-29…10-12, P4 10-13…10-26, P5 10-27…11-09,
 * P6 11-10…11-23, P7 11-24…12-07, …, P11 2027-01-19…02-01, P12 02-02…02-15.
 * Each check is the day after that week's meeting, at noon: week 3 = 09-16, week 8 = 10-21,
 * week 12 = 11-18, week 24 = 2027-02-10.
 *
 * Meetings (check-in + group minutes; 30 + 60 unless listed):
 *   M-ROCC: week 2 30+55, week 7 25+60, week 10 missed, week 15 32+62.
 *   Recovery Support: week 4 cancelled; week 12 recorded only after the week-12 check.
 * People — M-ROCC (the week-8 decision applies; default rule: 3 of weeks 5–8):
 *   M1 every session (late in week 2), continues.     M2 weeks 1–8, declines.
 *   M3 1,2,3,5,6,7 (excused 8), offered, still deciding.
 *   M4 1,2,3,5,6,7,8, eligible, never offered.        M5 1,2,3 only: not eligible.
 *   M6 week 1, absent week 2, left the programme on 09-14 (P1's last day).
 * People — Recovery Support (24 weeks for everyone):
 *   R1 every session.  R2 absent 1–3, then every session.  R3 weeks 1, 5 and 13–24 only.
 * Tox: one test per period for everyone still in, on the meeting day of week 2k, except
 *   R2 none in P1, M5 none in P3 and P4, M2 none in P6, M6 none (left).
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Arm } from '#db/schema'
import { getCohort, enrolParticipant } from '~/domain/cohorts.server'
import { recordOfferedDecision } from '~/domain/decisions.server'
import { TOX_CLASSES } from '~/domain/instruments'
import { recordToxResult, withdrawParticipant } from '~/domain/measures.server'
import { saveMeeting, type AttendanceStatus, type MeetingStatus } from '~/domain/meetings.server'
import { meetingDate, meetingInstant, scheduleOf } from '~/domain/schedule'
import { updateProgrammeSettings } from '~/domain/settings.server'
import * as cohortRoute from '~/routes/cohorts.$cohortId._index'
import { createTestCohort, createUser } from '../support/factories'
import { groupOf, loaderData, placeIn } from './route-helpers'

const AT = {
  week3: '2026-09-16T16:00:00Z', // noon EDT
  week8: '2026-10-21T16:00:00Z',
  week12: '2026-11-18T17:00:00Z', // noon EST
  week24: '2027-02-10T17:00:00Z',
}

type Loaded = Awaited<ReturnType<typeof cohortRoute.loader>>
/** What the page shows; its figures are in the loader data on every request but a document's. */
type Page = Loaded & { progress: NonNullable<Loaded['progress']> }
type PageGroup = Page['progress']['groups'][number]

let coordinator: { id: number }
let cohortId: number
const ids: Record<string, number> = {}
const groupIds = {} as Record<Arm, number>
const studyIdOf = new Map<number, string>()

const at = (instant: string) => vi.setSystemTime(new Date(instant))

/** Who attended what: week → status, for one person. */
type Plan = Record<string, (week: number) => AttendanceStatus | null>
const MROCC: Plan = {
  M1: (w) => (w === 2 ? 'late' : 'present'),
  M2: (w) => (w <= 8 ? 'present' : null),
  M3: (w) => (w === 4 ? 'absent' : w === 8 ? 'excused' : w <= 8 ? 'present' : null),
  M4: (w) => (w === 4 ? 'absent' : w <= 8 ? 'present' : null),
  M5: (w) => (w <= 3 ? 'present' : w <= 8 ? 'absent' : null),
  M6: (w) => (w === 1 ? 'present' : w === 2 ? 'absent' : null),
}
const RS: Plan = {
  R1: () => 'present',
  R2: (w) => (w <= 3 ? 'absent' : 'present'),
  R3: (w) => (w === 1 || w === 5 || w >= 13 ? 'present' : 'absent'),
}
const MINUTES: Record<Arm, Record<number, [number, number]>> = {
  mrocc: { 2: [30, 55], 7: [25, 60], 15: [32, 62] },
  recovery_support: {},
}
const NOT_HELD: Record<Arm, Record<number, MeetingStatus>> = {
  mrocc: { 10: 'missed' },
  recovery_support: { 4: 'cancelled' },
}
const NO_TOX: Record<string, number[]> = { R2: [1], M5: [3, 4], M2: [6], M6: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }

function recordWeek(arm: Arm, week: number) {
  const cohort = getCohort(cohortId)!
  const status: MeetingStatus = NOT_HELD[arm][week] ?? 'held'
  const [checkin, group] = MINUTES[arm][week] ?? [30, 60]
  const plan = arm === 'mrocc' ? MROCC : RS
  saveMeeting(
    {
      version: 0,
      groupId: groupIds[arm],
      week,
      scheduledAt: meetingInstant(scheduleOf(cohort), week).toISOString(),
      status,
      checkinMinutes: status === 'held' ? checkin : null,
      groupMinutes: status === 'held' ? group : null,
      notes: null,
      lesson: null,
      facilitatorIds: [],
      attendance: Object.entries(plan).flatMap(([who, statusIn]) => {
        const s = statusIn(week)
        return s ? [{ participantId: ids[who], status: s, note: null }] : []
      }),
      fidelity: {},
    },
    coordinator.id,
  )
}

function recordTox(period: number) {
  const collectedOn = meetingDate(scheduleOf(getCohort(cohortId)!), period * 2)
  for (const who of [...Object.keys(MROCC), ...Object.keys(RS)]) {
    if (NO_TOX[who]?.includes(period)) continue
    const results = Object.fromEntries(TOX_CLASSES.map((c) => [c, c === 'buprenorphine' ? 'positive' : 'negative']))
    const saved = recordToxResult(ids[who], { collectedOn, panel: 'Oral fluid 8-panel', results }, coordinator.id)
    expect(saved).toMatchObject({ ok: true, period })
  }
}

async function page(): Promise<Page> {
  const p = await loaderData<Loaded>(cohortRoute, coordinator, `/cohorts/${cohortId}`, { cohortId: String(cohortId) })
  expect(p.progress).not.toBeNull()
  return p as Page
}

const groupIn = (p: Page, arm: Arm) => p.progress.groups.find((g) => g.arm === arm)!

/** Each participant's row as the page shows it: adherence, attended/held, track, flags. */
function rows(g: PageGroup) {
  return Object.fromEntries(
    g.participants.map((p) => [
      studyIdOf.get(p.id)!,
      {
        adherence: p.adherence,
        attended: `${p.attended}/${p.held}`,
        stillAttendable: p.stillAttendable,
        track: p.status === 'withdrawn' ? 'left' : p.track,
        notOffered: p.notOfferedFlag,
        toxMissing: p.toxMissing,
      },
    ]),
  )
}

const flaggedWeeks = (p: Page) => p.progress.timeMatch.weeks.filter((w) => w.flagged).map((w) => w.week)
const cumulativeNow = (p: Page) =>
  Object.fromEntries(
    p.progress.timeMatch.cumulative.map((c) => {
      const last = c.weeks[c.weeks.length - 1]
      return [c.arm, { checkin: last.checkin, group: last.group }]
    }),
  )

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  at('2026-08-25T16:00:00Z')
  coordinator = await createUser('coordinator')
  cohortId = createTestCohort({ actorId: coordinator.id, startDate: '2026-09-01', weekday: 2 })
  groupIds.mrocc = groupOf(cohortId, 'mrocc').id
  groupIds.recovery_support = groupOf(cohortId, 'recovery_support').id
  for (const [arm, plan] of [
    ['mrocc', MROCC],
    ['recovery_support', RS],
  ] as const)
    for (const who of Object.keys(plan)) {
      ids[who] = enrolParticipant(
        cohortId,
        {
          studyId: `FIG-${who}`,
          contactEmail: `fig-${who.toLowerCase()}@example.test`,
          contactPhone: null,
          gender: 'Woman',
          raceEthnicity: 'White',
          language: 'English',
          eligibilityConfirmed: true,
          consentedAt: '2026-08-20',
        },
        coordinator.id,
      )
      studyIdOf.set(ids[who], who)
      placeIn(ids[who], groupIds[arm])
    }
})

afterAll(() => {
  vi.useRealTimers()
})

describe('the cohort page at week 3', () => {
  test('before week 9: 3/3 is on track in M-ROCC, 0/3 at risk in Recovery Support', async () => {
    at('2026-09-14T16:00:00Z')
    withdrawParticipant(ids.M6, 'moved-away', coordinator.id)
    at(AT.week3)
    for (const w of [1, 2, 3]) for (const arm of ['mrocc', 'recovery_support'] as const) recordWeek(arm, w)
    recordTox(1)

    const p = await page()
    expect(p.week).toBe(3)
    // Weeks 4–24 are still to come (21) for everyone still in.
    expect(rows(groupIn(p, 'mrocc'))).toEqual({
      M1: {
        adherence: 'on-track',
        attended: '3/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      M2: {
        adherence: 'on-track',
        attended: '3/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      M3: {
        adherence: 'on-track',
        attended: '3/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      M4: {
        adherence: 'on-track',
        attended: '3/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      M5: {
        adherence: 'on-track',
        attended: '3/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      // left on P1's last day: nothing more to attend, and no tox period expected of her
      M6: {
        adherence: 'cannot-reach',
        attended: '1/3',
        stillAttendable: 0,
        track: 'left',
        notOffered: false,
        toxMissing: [],
      },
    })
    expect(rows(groupIn(p, 'recovery_support'))).toEqual({
      R1: {
        adherence: 'on-track',
        attended: '3/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      // 0 × 24 < 15 × 3: behind the pace; 0 + 21 ≥ 15: still reachable
      R2: {
        adherence: 'at-risk',
        attended: '0/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [1],
      },
      R3: {
        adherence: 'at-risk',
        attended: '1/3',
        stillAttendable: 21,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
    })
  })

  test('funnel: nobody eligible yet (no week 5–8 sessions), the leaver not counted', async () => {
    const p = await page()
    expect(groupIn(p, 'mrocc').funnel).toEqual({
      counted: 5,
      eligible: 0,
      notEligible: 5,
      offered: 0,
      notOfferedYet: 0,
      continued: 0,
      declined: 0,
      undecided: 0,
      notOfferedIds: [],
      flagNotOffered: false,
    })
    expect(groupIn(p, 'recovery_support').funnel).toBeNull()
  })

  test('time matching: week 2 group minutes differ by 5; cumulative minutes per arm', async () => {
    const p = await page()
    expect(p.progress.timeMatch.tolerance).toBe(0)
    expect(p.progress.timeMatch.weeks.map((w) => [w.week, w.status, w.checkinDifference, w.groupDifference])).toEqual([
      [1, 'matched', 0, 0],
      [2, 'differs', 0, 5],
      [3, 'matched', 0, 0],
    ])
    expect(cumulativeNow(p)).toEqual({
      mrocc: { checkin: 90, group: 175 },
      recovery_support: { checkin: 90, group: 180 },
    })
  })
})

describe('the cohort page at week 8', () => {
  test('decisions recorded at week 8; adherence before the intensive phase', async () => {
    at(AT.week8)
    for (const w of [4, 5, 6, 7, 8]) for (const arm of ['mrocc', 'recovery_support'] as const) recordWeek(arm, w)
    for (const period of [2, 3, 4]) recordTox(period)
    const group = { id: groupIds.mrocc, schedule: scheduleOf(getCohort(cohortId)!) }
    const decide = (who: string, decision: 'continue' | 'decline' | 'undecided') =>
      recordOfferedDecision(
        group,
        { participantId: ids[who], offeredAt: '2026-10-20', decision, reasons: [], note: null, version: 0 },
        coordinator.id,
      )
    expect(decide('M1', 'continue')).toEqual([])
    expect(decide('M2', 'decline')).toEqual([])
    expect(decide('M3', 'undecided')).toEqual([])

    const p = await page()
    expect(p.week).toBe(8)
    // Weeks 9–24 still to come (16).
    expect(rows(groupIn(p, 'mrocc'))).toEqual({
      M1: {
        adherence: 'on-track',
        attended: '8/8',
        stillAttendable: 16,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      // declined: weeks 9–24 are not hers; 8 + 0 < 15
      M2: {
        adherence: 'cannot-reach',
        attended: '8/8',
        stillAttendable: 0,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      // still deciding: weeks 9–24 still possible; 6 × 24 = 144 ≥ 15 × 8 = 120
      M3: {
        adherence: 'on-track',
        attended: '6/8',
        stillAttendable: 16,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      // eligible, not offered yet — not flagged before week 9
      M4: {
        adherence: 'on-track',
        attended: '7/8',
        stillAttendable: 16,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      // window still open at week 8: weeks 9–24 still counted; 3 × 24 = 72 < 120
      M5: {
        adherence: 'at-risk',
        attended: '3/8',
        stillAttendable: 16,
        track: 'group',
        notOffered: false,
        toxMissing: [3],
      },
      M6: {
        adherence: 'cannot-reach',
        attended: '1/8',
        stillAttendable: 0,
        track: 'left',
        notOffered: false,
        toxMissing: [],
      },
    })
    // Recovery Support: 7 meetings held (week 4 cancelled).
    expect(rows(groupIn(p, 'recovery_support'))).toEqual({
      R1: {
        adherence: 'on-track',
        attended: '7/7',
        stillAttendable: 16,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      R2: {
        adherence: 'at-risk',
        attended: '4/7',
        stillAttendable: 16,
        track: 'group',
        notOffered: false,
        toxMissing: [1],
      },
      R3: {
        adherence: 'at-risk',
        attended: '2/7',
        stillAttendable: 16,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
    })
  })

  test('funnel counts the one never offered, without a flag yet', async () => {
    const p = await page()
    expect(groupIn(p, 'mrocc').funnel).toEqual({
      counted: 5,
      eligible: 4,
      notEligible: 1,
      offered: 3,
      notOfferedYet: 1,
      continued: 1,
      declined: 1,
      undecided: 1,
      notOfferedIds: [ids.M4],
      flagNotOffered: false,
    })
  })

  test('time matching: weeks 2, 4 (only one group met) and 7 (check-in) flagged', async () => {
    const p = await page()
    expect(flaggedWeeks(p)).toEqual([2, 4, 7])
    expect(p.progress.timeMatch.weeks[3]).toMatchObject({ status: 'one-not-held' })
    expect(p.progress.timeMatch.weeks[6]).toMatchObject({ status: 'differs', checkinDifference: 5, groupDifference: 0 })
    expect(cumulativeNow(p)).toEqual({
      mrocc: { checkin: 235, group: 475 },
      recovery_support: { checkin: 210, group: 420 },
    })
  })
})

describe('the cohort page at week 12', () => {
  test('after week 8: decliner and the not eligible cannot reach; the unoffered are flagged', async () => {
    at(AT.week12)
    for (const w of [9, 10, 11, 12]) recordWeek('mrocc', w)
    for (const w of [9, 10, 11]) recordWeek('recovery_support', w) // week 12 not recorded yet
    for (const period of [5, 6]) recordTox(period)

    const p = await page()
    expect(p.week).toBe(12)
    // M-ROCC: weeks 13–24 still to come (12); week 10 was missed, so 11 held.
    expect(rows(groupIn(p, 'mrocc'))).toEqual({
      M1: {
        adherence: 'on-track',
        attended: '11/11',
        stillAttendable: 12,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      M2: {
        adherence: 'cannot-reach',
        attended: '8/8',
        stillAttendable: 0,
        track: 'checkin_only',
        notOffered: false,
        toxMissing: [],
      },
      M3: {
        adherence: 'on-track',
        attended: '6/8',
        stillAttendable: 12,
        track: 'checkin_only',
        notOffered: false,
        toxMissing: [],
      },
      M4: {
        adherence: 'on-track',
        attended: '7/8',
        stillAttendable: 12,
        track: 'checkin_only',
        notOffered: true,
        toxMissing: [],
      },
      M5: {
        adherence: 'cannot-reach',
        attended: '3/8',
        stillAttendable: 0,
        track: 'checkin_only',
        notOffered: false,
        toxMissing: [3, 4],
      },
      M6: {
        adherence: 'cannot-reach',
        attended: '1/8',
        stillAttendable: 0,
        track: 'left',
        notOffered: false,
        toxMissing: [],
      },
    })
    // Recovery Support: week 12 not recorded yet, so weeks 12–24 (13) still to come; 10 held.
    expect(rows(groupIn(p, 'recovery_support'))).toEqual({
      R1: {
        adherence: 'on-track',
        attended: '10/10',
        stillAttendable: 13,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      // 7 × 24 = 168 ≥ 15 × 10 = 150: back on track
      R2: {
        adherence: 'on-track',
        attended: '7/10',
        stillAttendable: 13,
        track: 'group',
        notOffered: false,
        toxMissing: [1],
      },
      // 2 + 13 = 15: just reachable, far behind the pace
      R3: {
        adherence: 'at-risk',
        attended: '2/10',
        stillAttendable: 13,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
    })
  })

  test('funnel flags the one never offered now week 9 has started', async () => {
    const p = await page()
    expect(groupIn(p, 'mrocc').funnel).toMatchObject({
      counted: 5,
      eligible: 4,
      notEligible: 1,
      offered: 3,
      notOfferedYet: 1,
      continued: 1,
      declined: 1,
      undecided: 1,
      notOfferedIds: [ids.M4],
      flagNotOffered: true,
    })
  })

  test('time matching: week 10 only one group met; week 12 waits for the other record, unflagged', async () => {
    const p = await page()
    expect(flaggedWeeks(p)).toEqual([2, 4, 7, 10])
    expect(p.progress.timeMatch.weeks[11]).toMatchObject({ week: 12, status: 'awaiting', flagged: false })
    expect(cumulativeNow(p)).toEqual({
      mrocc: { checkin: 325, group: 655 },
      recovery_support: { checkin: 300, group: 600 },
    })
  })
})

describe('the cohort page at week 24', () => {
  test('the end: adherent, and those who cannot reach 15', async () => {
    at(AT.week24)
    recordWeek('recovery_support', 12)
    for (let w = 13; w <= 24; w++) for (const arm of ['mrocc', 'recovery_support'] as const) recordWeek(arm, w)
    for (let period = 7; period <= 12; period++) recordTox(period)

    const p = await page()
    expect(p.week).toBe(24)
    expect(rows(groupIn(p, 'mrocc'))).toEqual({
      M1: {
        adherence: 'adherent',
        attended: '23/23',
        stillAttendable: 0,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      M2: {
        adherence: 'cannot-reach',
        attended: '8/8',
        stillAttendable: 0,
        track: 'checkin_only',
        notOffered: false,
        toxMissing: [6],
      },
      M3: {
        adherence: 'cannot-reach',
        attended: '6/8',
        stillAttendable: 0,
        track: 'checkin_only',
        notOffered: false,
        toxMissing: [],
      },
      M4: {
        adherence: 'cannot-reach',
        attended: '7/8',
        stillAttendable: 0,
        track: 'checkin_only',
        notOffered: true,
        toxMissing: [],
      },
      M5: {
        adherence: 'cannot-reach',
        attended: '3/8',
        stillAttendable: 0,
        track: 'checkin_only',
        notOffered: false,
        toxMissing: [3, 4],
      },
      M6: {
        adherence: 'cannot-reach',
        attended: '1/8',
        stillAttendable: 0,
        track: 'left',
        notOffered: false,
        toxMissing: [],
      },
    })
    expect(rows(groupIn(p, 'recovery_support'))).toEqual({
      R1: {
        adherence: 'adherent',
        attended: '23/23',
        stillAttendable: 0,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
      R2: {
        adherence: 'adherent',
        attended: '20/23',
        stillAttendable: 0,
        track: 'group',
        notOffered: false,
        toxMissing: [1],
      },
      R3: {
        adherence: 'cannot-reach',
        attended: '14/23',
        stillAttendable: 0,
        track: 'group',
        notOffered: false,
        toxMissing: [],
      },
    })
    expect(groupIn(p, 'mrocc').funnel).toMatchObject({
      eligible: 4,
      offered: 3,
      notOfferedYet: 1,
      flagNotOffered: true,
    })
  })

  test('time matching over 24 weeks, then with a 2-minute tolerance from the settings', async () => {
    let p = await page()
    expect(flaggedWeeks(p)).toEqual([2, 4, 7, 10, 15])
    expect(p.progress.timeMatch.weeks[11]).toMatchObject({ week: 12, status: 'matched' })
    expect(p.progress.timeMatch.weeks[14]).toMatchObject({
      status: 'differs',
      checkinDifference: 2,
      groupDifference: 2,
    })
    expect(cumulativeNow(p)).toEqual({
      mrocc: { checkin: 687, group: 1377 },
      recovery_support: { checkin: 690, group: 1380 },
    })

    updateProgrammeSettings({ timeMatchToleranceMinutes: 2 }, coordinator.id)
    p = await page()
    expect(p.progress.timeMatch.tolerance).toBe(2)
    expect(flaggedWeeks(p)).toEqual([2, 4, 7, 10])
    updateProgrammeSettings({ timeMatchToleranceMinutes: 0 }, coordinator.id)
  })
})
