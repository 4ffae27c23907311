import { describe, expect, test } from 'vitest'
import { consortCounts, type ConsortParticipant, type ConsortScreening } from '~/domain/consort'
import { screeningProblems, screeningStage, type ScreeningInput } from '~/domain/screening'

const CRITERIA = [
  { id: 1, kind: 'inclusion', text: 'Aged 18 or older' },
  { id: 2, kind: 'inclusion', text: 'Receiving buprenorphine treatment' },
  { id: 3, kind: 'exclusion', text: 'Active psychosis or mania' },
]

const entry = (over: Partial<ConsortScreening>): ConsortScreening => ({
  eligible: true,
  failedCriteria: [],
  consent: 'consented',
  baselineCompletedOn: '2026-01-02',
  participantId: null,
  ...over,
})

const person = (over: Partial<ConsortParticipant>): ConsortParticipant => ({
  id: 0,
  arm: 'mrocc',
  attendedSessions: 5,
  continuation: 'continue',
  withdrawn: false,
  withdrawalReason: null,
  followUpOver: true,
  week24Assessed: true,
  primaryObserved: true,
  ...over,
})

describe('consortCounts (hand-computed)', () => {
  /*
   * 12 screening entries:
   *  - 3 not eligible: [1], [1, 3], [2]  → criterion 1: 2, criterion 2: 1, criterion 3: 1
   *  - 2 declined
   *  - 1 consent pending, 1 baseline pending, 1 baseline complete not enrolled
   *  - 1 enrolled (participant 99) but never randomized
   *  - 3 linked to randomized participants 10, 11, 12
   * Plus participant 13 randomized with no screening entry.
   * Assessed = 12 + 1 = 13; excluded = 12 − 3 = 9 (3 + 2 + 4 other); randomized = 4 = 13 − 9.
   * M-ROCC (10, 11, 13): 10 continues; 11 declines, attended; 13 withdrew "moved", never attended.
   * Recovery Support (12, 14): 12 no week-24 assessment (lost); 14 withdrew with no reason.
   */
  const counts = consortCounts({
    criteria: CRITERIA,
    screening: [
      entry({ eligible: false, failedCriteria: [1], consent: 'pending', baselineCompletedOn: null }),
      entry({ eligible: false, failedCriteria: [1, 3], consent: 'pending', baselineCompletedOn: null }),
      entry({ eligible: false, failedCriteria: [2], consent: 'pending', baselineCompletedOn: null }),
      entry({ consent: 'declined', baselineCompletedOn: null }),
      entry({ consent: 'declined', baselineCompletedOn: null }),
      entry({ consent: 'pending', baselineCompletedOn: null }),
      entry({ baselineCompletedOn: null }),
      entry({}),
      entry({ participantId: 99 }),
      entry({ participantId: 10 }),
      entry({ participantId: 11 }),
      entry({ participantId: 12 }),
    ],
    randomized: [
      person({ id: 10 }),
      person({ id: 11, continuation: 'decline' }),
      person({
        id: 13,
        withdrawn: true,
        withdrawalReason: 'moved',
        attendedSessions: 0,
        continuation: 'no_record',
        week24Assessed: false,
        primaryObserved: false,
      }),
      person({ id: 12, arm: 'recovery_support', continuation: 'no_record', week24Assessed: false }),
      person({
        id: 14,
        arm: 'recovery_support',
        continuation: 'no_record',
        withdrawn: true,
        week24Assessed: false,
        primaryObserved: false,
      }),
    ],
  })

  test('enrolment boxes', () => {
    expect(counts.assessed).toBe(14) // 12 entries + 13 and 14 unscreened
    expect(counts.unscreenedRandomized).toBe(2)
    expect(counts.randomized).toBe(5)
    expect(counts.excluded.total).toBe(9)
    expect(counts.assessed - counts.excluded.total).toBe(counts.randomized)
    expect(counts.excluded.notEligible.total).toBe(3)
    expect(counts.excluded.notEligible.byCriterion.map((c) => [c.id, c.n])).toEqual([
      [1, 2],
      [2, 1],
      [3, 1],
    ])
    expect(counts.excluded.declined).toBe(2)
    expect(counts.excluded.other.total).toBe(4)
    expect(counts.excluded.other.reasons).toEqual([
      { reason: 'Baseline measures not completed', n: 1 },
      { reason: 'Consent still pending', n: 1 },
      { reason: 'Enrolled but not randomized', n: 1 },
      { reason: 'Not yet enrolled', n: 1 },
    ])
  })

  test('arm boxes', () => {
    const [m, r] = counts.arms
    expect(m).toMatchObject({
      arm: 'mrocc',
      allocated: 3,
      received: 2,
      notReceived: 1,
      analysed: 3,
      withPrimaryData: 2,
    })
    expect(m.continuation).toMatchObject({ continue: 1, decline: 1, no_record: 1 })
    expect(m.discontinued).toEqual({
      total: 2,
      reasons: [
        { reason: 'Chose not to continue after week 8 (stays in follow-up)', n: 1 },
        { reason: 'Withdrew: moved', n: 1 },
      ],
    })
    // 13 withdrew: counted as discontinued, not as lost to follow-up
    expect(m.lostToFollowUp.total).toBe(0)
    expect(r).toMatchObject({ arm: 'recovery_support', allocated: 2, received: 2, analysed: 2, withPrimaryData: 1 })
    expect(r.lostToFollowUp).toEqual({ total: 1, reasons: [{ reason: 'No week-24 assessment', n: 1 }] })
    expect(r.discontinued.reasons).toEqual([{ reason: 'Withdrew: no reason recorded', n: 1 }])
  })

  test('follow-up not over: nobody is lost yet', () => {
    const c = consortCounts({
      criteria: [],
      screening: [],
      randomized: [person({ id: 1, followUpOver: false, week24Assessed: false })],
    })
    expect(c.arms[0].lostToFollowUp.total).toBe(0)
  })
})

describe('screeningProblems', () => {
  const ctx = { today: '2026-03-10', criterionIds: [1, 2, 3], linkableParticipantIds: [7] }
  const ok: ScreeningInput = {
    referredOn: '2026-03-01',
    screenedOn: '2026-03-02',
    eligible: true,
    failedCriteria: [],
    consent: 'consented',
    consentedOn: '2026-03-03',
    baselineCompletedOn: '2026-03-04',
    participantId: 7,
  }
  const paths = (over: Partial<ScreeningInput>) => screeningProblems({ ...ok, ...over }, ctx).map((p) => p.path)

  test('a complete, ordered entry passes', () => expect(screeningProblems(ok, ctx)).toEqual([]))
  test('dates are real, not in the future, and in order', () => {
    expect(paths({ referredOn: '2026-02-30' })).toEqual(['referredOn'])
    expect(paths({ screenedOn: '2026-03-11' })).toEqual(['screenedOn'])
    expect(paths({ screenedOn: '2026-02-28' })).toEqual(['screenedOn'])
    expect(paths({ consentedOn: '2026-03-01' })).toEqual(['consentedOn'])
    expect(paths({ baselineCompletedOn: '2026-03-02' })).toEqual(['baselineCompletedOn'])
    expect(paths({ baselineCompletedOn: '2026-03-10' })).toEqual([]) // today is fine
  })
  test('eligibility and reasons agree', () => {
    expect(
      paths({ eligible: false, consent: 'pending', consentedOn: null, baselineCompletedOn: null, participantId: null }),
    ).toEqual(['failedCriteria'])
    expect(paths({ failedCriteria: [1] })).toEqual(['failedCriteria'])
    expect(
      paths({
        eligible: false,
        failedCriteria: [9],
        consent: 'pending',
        consentedOn: null,
        baselineCompletedOn: null,
        participantId: null,
      }),
    ).toEqual(['failedCriteria'])
    expect(paths({ eligible: false, failedCriteria: [1] })).toEqual(['consent'])
  })
  test('consent, baseline and link follow one another', () => {
    expect(paths({ consentedOn: null })).toEqual(['consentedOn'])
    expect(paths({ consent: 'declined', consentedOn: null })).toEqual(['baselineCompletedOn', 'participantId'])
    expect(paths({ participantId: 8 })).toEqual(['participantId'])
  })
  test('stage', () => {
    expect(screeningStage(ok)).toBe('enrolled')
    expect(screeningStage({ ...ok, participantId: null })).toBe('awaiting-enrolment')
    expect(screeningStage({ ...ok, participantId: null, baselineCompletedOn: null })).toBe('awaiting-baseline')
  })
})
