import { describe, expect, test } from 'vitest'
import {
  continuationApplies,
  correctionProblems,
  decisionChangeKind,
  decisionFunnel,
  describeRule,
  isEligibleToContinue,
  onGroupRoster,
  type ContinuationSettings,
  type FunnelMember,
} from '~/domain/continuation'

/** The programme defaults (db/schema.ts programme_settings): 3 of weeks 5–8, RS check off. */
const DEFAULT: ContinuationSettings = {
  continuationMinSessions: 3,
  continuationFromWeek: 5,
  continuationToWeek: 8,
  recoverySupportContinuationCheck: false,
}
const RS_ON: ContinuationSettings = { ...DEFAULT, recoverySupportContinuationCheck: true }

describe('isEligibleToContinue: default rule, at least 3 of weeks 5–8', () => {
  test('3 or 4 of weeks 5–8 is eligible', () => {
    expect(isEligibleToContinue([5, 6, 7], DEFAULT)).toBe(true)
    expect(isEligibleToContinue([6, 7, 8], DEFAULT)).toBe(true)
    expect(isEligibleToContinue([5, 6, 7, 8], DEFAULT)).toBe(true)
    expect(isEligibleToContinue([8, 5, 7], DEFAULT)).toBe(true)
  })

  test('2 or fewer of weeks 5–8 is not eligible', () => {
    expect(isEligibleToContinue([], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([5], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([5, 8], DEFAULT)).toBe(false)
  })

  test('duplicate weeks do not double count', () => {
    expect(isEligibleToContinue([5, 5, 5], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([5, 6, 6, 6], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([5, 6, 6, 7], DEFAULT)).toBe(true)
  })

  test('weeks outside the window are ignored (orientation weeks 1–4, later weeks)', () => {
    expect(isEligibleToContinue([1, 2, 3, 4], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([1, 2, 3, 4, 5, 6], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([4, 5, 6, 9], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([1, 2, 3, 4, 5, 6, 9, 10, 11], DEFAULT)).toBe(false)
    expect(isEligibleToContinue([4, 5, 6, 8, 9], DEFAULT)).toBe(true)
  })

  test('custom rules: other minimums and windows', () => {
    const twoOf58 = { ...DEFAULT, continuationMinSessions: 2 }
    expect(isEligibleToContinue([5, 8], twoOf58)).toBe(true)
    expect(isEligibleToContinue([5], twoOf58)).toBe(false)

    const all4 = { ...DEFAULT, continuationMinSessions: 4 }
    expect(isEligibleToContinue([5, 6, 7], all4)).toBe(false)
    expect(isEligibleToContinue([5, 6, 7, 8], all4)).toBe(true)

    const fiveOf18 = { ...DEFAULT, continuationMinSessions: 5, continuationFromWeek: 1, continuationToWeek: 8 }
    expect(isEligibleToContinue([1, 2, 3, 4], fiveOf18)).toBe(false)
    expect(isEligibleToContinue([1, 2, 3, 4, 8], fiveOf18)).toBe(true)
    expect(isEligibleToContinue([1, 2, 3, 4, 9], fiveOf18)).toBe(false)

    const none = { ...DEFAULT, continuationMinSessions: 0 }
    expect(isEligibleToContinue([], none)).toBe(true)
  })

  test('describeRule states the rule in words', () => {
    expect(describeRule(DEFAULT)).toBe('attended at least 3 of weeks 5–8')
  })
})

describe('continuationApplies: M-ROCC always; Recovery Support only when the setting is on', () => {
  test('mrocc', () => {
    expect(continuationApplies('mrocc', DEFAULT)).toBe(true)
    expect(continuationApplies('mrocc', RS_ON)).toBe(true)
  })

  test('recovery_support', () => {
    expect(continuationApplies('recovery_support', DEFAULT)).toBe(false)
    expect(continuationApplies('recovery_support', RS_ON)).toBe(true)
  })
})

describe('onGroupRoster', () => {
  const decisions = ['continue', 'decline', 'undecided', null] as const

  test('before week 9 everyone is on the roster, whatever the decision', () => {
    for (const arm of ['mrocc', 'recovery_support'] as const) {
      for (const settings of [DEFAULT, RS_ON]) {
        for (const decision of decisions) {
          for (const week of [1, 4, 8]) {
            expect(onGroupRoster(arm, week, decision, settings), `${arm} ${week} ${decision}`).toBe(true)
          }
        }
      }
    }
  })

  test('M-ROCC from week 9: only those who chose to continue', () => {
    for (const week of [9, 16, 24]) {
      expect(onGroupRoster('mrocc', week, 'continue', DEFAULT)).toBe(true)
      expect(onGroupRoster('mrocc', week, 'decline', DEFAULT)).toBe(false)
      expect(onGroupRoster('mrocc', week, 'undecided', DEFAULT)).toBe(false)
      expect(onGroupRoster('mrocc', week, null, DEFAULT)).toBe(false)
    }
  })

  test('Recovery Support without the setting: always on the roster', () => {
    for (const decision of decisions) {
      expect(onGroupRoster('recovery_support', 9, decision, DEFAULT)).toBe(true)
      expect(onGroupRoster('recovery_support', 24, decision, DEFAULT)).toBe(true)
    }
  })

  test('Recovery Support with the setting: from week 9 only those who chose to continue', () => {
    expect(onGroupRoster('recovery_support', 9, 'continue', RS_ON)).toBe(true)
    expect(onGroupRoster('recovery_support', 9, 'decline', RS_ON)).toBe(false)
    expect(onGroupRoster('recovery_support', 12, 'undecided', RS_ON)).toBe(false)
    expect(onGroupRoster('recovery_support', 24, null, RS_ON)).toBe(false)
  })
})

describe('decisionFunnel: every member, eligible -> offered -> decisions, and not offered yet', () => {
  let n = 0
  const m = (
    eligible: boolean,
    offeredAt: string | null,
    decision: FunnelMember['decision'],
    status = 'active',
  ): FunnelMember => ({ id: ++n, status, eligible, offeredAt, decision })

  test('empty', () => {
    expect(decisionFunnel([], 12)).toEqual({
      counted: 0,
      eligible: 0,
      notEligible: 0,
      offered: 0,
      notOfferedYet: 0,
      continued: 0,
      declined: 0,
      undecided: 0,
      notOfferedIds: [],
      flagNotOffered: false,
    })
  })

  test('counts each stage; decisions only among those offered; the unoffered are "not offered yet"', () => {
    n = 0
    const rows = [
      m(true, '2026-10-27', 'continue'),
      m(true, '2026-10-27', 'continue'),
      m(true, '2026-10-27', 'decline'),
      m(true, '2026-10-27', 'undecided'),
      m(true, null, null), // 5: eligible, never offered, no decision row
      m(true, null, 'continue'), // 6: a decision without an offer does not count
      m(false, '2026-10-27', 'continue'), // offered while not eligible: not counted as offered
      m(false, null, null),
      m(true, null, null, 'withdrawn'), // left before any offer: not counted at all
      m(true, '2026-10-27', 'decline', 'withdrawn'), // left after declining: still counted
    ]
    expect(decisionFunnel(rows, 8)).toEqual({
      counted: 9,
      eligible: 7,
      notEligible: 2,
      offered: 5,
      notOfferedYet: 2,
      continued: 2,
      declined: 2,
      undecided: 1,
      notOfferedIds: [5, 6],
      flagNotOffered: false,
    })
  })

  test('the unoffered are flagged once week 9 has started, not before', () => {
    const rows = [m(true, null, null), m(true, '2026-10-27', 'continue')]
    expect(decisionFunnel(rows, 8).flagNotOffered).toBe(false)
    expect(decisionFunnel(rows, 9).flagNotOffered).toBe(true)
    expect(decisionFunnel([m(true, '2026-10-27', 'continue'), m(false, null, null)], 12).flagNotOffered).toBe(false)
  })

  test('offered never exceeds eligible, and decisions add up to offered', () => {
    const f = decisionFunnel([m(false, 'x', 'continue'), m(false, 'y', 'decline'), m(true, 'z', 'decline')], 10)
    expect(f).toMatchObject({ eligible: 1, offered: 1, continued: 0, declined: 1, undecided: 0 })
    expect(f.continued + f.declined + f.undecided).toBe(f.offered)
    expect(f.offered + f.notOfferedYet).toBeLessThanOrEqual(f.eligible)
  })
})

describe('the decision window and rule in words come from the settings', () => {
  test('describeWindow', async () => {
    const { describeWindow, describeRule } = await import('~/domain/continuation')
    expect(describeWindow({ continuationFromWeek: 5, continuationToWeek: 8 })).toBe('weeks 5–8')
    expect(describeWindow({ continuationFromWeek: 6, continuationToWeek: 8 })).toBe('weeks 6–8')
    expect(describeWindow({ continuationFromWeek: 8, continuationToWeek: 8 })).toBe('week 8')
    expect(
      describeRule({
        continuationMinSessions: 2,
        continuationFromWeek: 6,
        continuationToWeek: 8,
        recoverySupportContinuationCheck: false,
      }),
    ).toBe('attended at least 2 of weeks 6–8')
  })
})

describe('decisionProblems: when a week-8 decision can be recorded', () => {
  const base = { eligible: true, currentWeek: 8, offeredAt: '2026-03-03', today: '2026-03-04', windowText: 'weeks 6–8' }
  test('eligible, from week 8, offered on a real past or present date', async () => {
    const { decisionProblems } = await import('~/domain/continuation')
    expect(decisionProblems(base)).toEqual([])
    expect(decisionProblems({ ...base, offeredAt: '2026-03-04' })).toEqual([])
  })
  test('refused: not eligible (naming the window), before week 8, impossible or future date', async () => {
    const { decisionProblems } = await import('~/domain/continuation')
    expect(decisionProblems({ ...base, eligible: false })[0].message).toMatch(/\(weeks 6–8\)/)
    expect(decisionProblems({ ...base, currentWeek: 7 })[0].message).toMatch(/from week 8/)
    expect(decisionProblems({ ...base, offeredAt: '2026-02-30' })[0]).toMatchObject({ path: 'offeredAt' })
    expect(decisionProblems({ ...base, offeredAt: '2026-03-05' })[0].message).toMatch(/future/)
  })
})

describe('decisionChangeKind: fixed once the intensive phase starts', () => {
  // First meeting Tuesday 2026-09-01 (New York): week 9 starts Tuesday 2026-10-27.
  const schedule = { startDate: '2026-09-01', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
  test('edited in place up to the day before week 9', () => {
    expect(decisionChangeKind(schedule, new Date('2026-08-20T12:00:00Z'))).toBe('edit')
    expect(decisionChangeKind(schedule, new Date('2026-10-20T16:00:00Z'))).toBe('edit') // week 8
    expect(decisionChangeKind(schedule, new Date('2026-10-27T03:59:00Z'))).toBe('edit') // 26 Oct, 23:59 local
  })
  test('a correction from the first day of week 9, in the cohort’s time zone', () => {
    expect(decisionChangeKind(schedule, new Date('2026-10-27T04:00:00Z'))).toBe('correction') // 27 Oct, 00:00 local
    expect(decisionChangeKind(schedule, new Date('2027-06-01T12:00:00Z'))).toBe('correction') // long after
  })
})

describe('correctionProblems', () => {
  const from = { decision: 'continue' as const, offeredAt: '2026-10-20', reasons: ['health'], note: null }
  test('a change with a reason is accepted', () => {
    expect(correctionProblems({ from, to: { ...from, decision: 'decline' }, reason: 'Misheard' })).toEqual([])
    expect(correctionProblems({ from, to: { ...from, offeredAt: '2026-10-21' }, reason: 'Wrong day' })).toEqual([])
  })
  test('a reason is required', () => {
    for (const reason of [null, undefined, '', '   '])
      expect(correctionProblems({ from, to: { ...from, decision: 'decline' }, reason })).toEqual([
        { path: 'correctionReason', message: expect.stringMatching(/why/) },
      ])
  })
  test('a correction must change something (reasons compared as a set, the offer date by day)', () => {
    const same = { ...from, offeredAt: '2026-10-20T00:00:00.000Z', reasons: ['health'] }
    expect(correctionProblems({ from, to: same, reason: 'x' })).toEqual([
      { message: 'Nothing has changed: there is nothing to correct.' },
    ])
  })
})
