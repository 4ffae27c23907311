import { describe, expect, test } from 'vitest'
import {
  ADHERENCE_THRESHOLD,
  adherenceStatus,
  isAttended,
  mayAttendGroupWeek,
  remainingWeeks,
  sessionsStillAttendable,
  type AttendableMember,
} from '~/domain/adherence'

const SETTINGS = {
  continuationMinSessions: 3,
  continuationFromWeek: 5,
  continuationToWeek: 8,
  recoverySupportContinuationCheck: false,
}
const RS_ON = { ...SETTINGS, recoverySupportContinuationCheck: true }
const member = (over: Partial<AttendableMember> = {}): AttendableMember => ({
  arm: 'mrocc',
  status: 'active',
  decision: null,
  eligible: null,
  ...over,
})
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('adherenceStatus(attended, held, stillAttendable): ADR 012', () => {
  test('the threshold is 15', () => {
    expect(ADHERENCE_THRESHOLD).toBe(15)
  })

  test('15 or more attended is adherent, whatever else', () => {
    expect(adherenceStatus(15, 15, 0)).toBe('adherent')
    expect(adherenceStatus(15, 24, 9)).toBe('adherent')
    expect(adherenceStatus(24, 24, 0)).toBe('adherent')
  })

  test('cannot-reach when even attending every session still possible falls short', () => {
    expect(adherenceStatus(14, 24, 0)).toBe('cannot-reach')
    expect(adherenceStatus(8, 8, 0)).toBe('cannot-reach') // declined at week 8 with 8/8
    expect(adherenceStatus(9, 10, 5)).toBe('cannot-reach') // 9 + 5 = 14
    expect(adherenceStatus(0, 10, 14)).toBe('cannot-reach')
  })

  test('reachable exactly (attended + still possible = 15) is not cannot-reach', () => {
    expect(adherenceStatus(9, 9, 6)).toBe('on-track')
    expect(adherenceStatus(0, 9, 15)).toBe('at-risk')
  })

  test('on track at the pace of 15 in 24: attended × 24 ≥ 15 × held', () => {
    expect(adherenceStatus(3, 3, 21)).toBe('on-track') // the M-ROCC case at week 3
    expect(adherenceStatus(2, 3, 21)).toBe('on-track') // 48 ≥ 45
    expect(adherenceStatus(0, 0, 24)).toBe('on-track') // nothing held yet
    expect(adherenceStatus(5, 8, 16)).toBe('on-track') // 120 ≥ 120
  })

  test('at risk when reachable but behind that pace', () => {
    expect(adherenceStatus(0, 3, 21)).toBe('at-risk') // the Recovery Support case at week 3
    expect(adherenceStatus(1, 3, 21)).toBe('at-risk') // 24 < 45
    expect(adherenceStatus(4, 8, 16)).toBe('at-risk') // 96 < 120
  })
})

describe('mayAttendGroupWeek: who may still come to the 60-minute group', () => {
  test('weeks 1–8: everyone still in the programme', () => {
    for (const decision of [null, 'continue', 'decline', 'undecided'] as const)
      expect(mayAttendGroupWeek(member({ decision, eligible: false }), 8, SETTINGS)).toBe(true)
  })

  test('M-ROCC weeks 9–24 follow the week-8 decision', () => {
    expect(mayAttendGroupWeek(member({ decision: 'continue', eligible: true }), 9, SETTINGS)).toBe(true)
    expect(mayAttendGroupWeek(member({ decision: 'decline', eligible: true }), 9, SETTINGS)).toBe(false)
    expect(mayAttendGroupWeek(member({ decision: 'undecided', eligible: true }), 12, SETTINGS)).toBe(true)
    expect(mayAttendGroupWeek(member({ decision: null, eligible: null }), 24, SETTINGS)).toBe(true) // before the decision
    expect(mayAttendGroupWeek(member({ decision: null, eligible: true }), 24, SETTINGS)).toBe(true) // not offered yet
    expect(mayAttendGroupWeek(member({ decision: null, eligible: false }), 9, SETTINGS)).toBe(false) // not eligible
  })

  test('Recovery Support counts all 24 weeks unless its settings add the check', () => {
    const rs = (over: Partial<AttendableMember>) => member({ arm: 'recovery_support', ...over })
    expect(mayAttendGroupWeek(rs({ decision: 'decline', eligible: false }), 20, SETTINGS)).toBe(true)
    expect(mayAttendGroupWeek(rs({ decision: 'decline', eligible: true }), 20, RS_ON)).toBe(false)
    expect(mayAttendGroupWeek(rs({ decision: 'continue', eligible: true }), 20, RS_ON)).toBe(true)
  })

  test('withdrawn: no week', () => {
    expect(mayAttendGroupWeek(member({ status: 'withdrawn' }), 3, SETTINGS)).toBe(false)
    expect(mayAttendGroupWeek(member({ status: 'withdrawn', arm: 'recovery_support' }), 3, SETTINGS)).toBe(false)
  })
})

describe('remainingWeeks and sessionsStillAttendable', () => {
  test('this week and later, less those already recorded; a past week never recorded is gone', () => {
    expect(remainingWeeks(0, [])).toEqual(range(1, 24))
    expect(remainingWeeks(3, [1, 2, 3])).toEqual(range(4, 24))
    expect(remainingWeeks(3, [1, 2])).toEqual(range(3, 24)) // this week's meeting not recorded yet
    expect(remainingWeeks(5, [1, 2])).toEqual(range(5, 24)) // weeks 3 and 4 went unrecorded
    expect(remainingWeeks(24, range(1, 24))).toEqual([])
    expect(remainingWeeks(10, [1, 2, 12])).toEqual([10, 11, ...range(13, 24)]) // 12 cancelled ahead
  })

  test('before week 9 an undecided M-ROCC member can still attend weeks 4–24; a decliner only up to 8', () => {
    const after3 = remainingWeeks(3, [1, 2, 3])
    expect(sessionsStillAttendable(member(), after3, SETTINGS)).toBe(21)
    expect(sessionsStillAttendable(member({ decision: 'decline', eligible: true }), after3, SETTINGS)).toBe(5)
    expect(sessionsStillAttendable(member({ decision: 'continue', eligible: true }), after3, SETTINGS)).toBe(21)
    expect(sessionsStillAttendable(member({ arm: 'recovery_support' }), after3, SETTINGS)).toBe(21)
    expect(sessionsStillAttendable(member({ status: 'withdrawn' }), after3, SETTINGS)).toBe(0)
  })
})

describe('attendance helpers', () => {
  test('present and late count as attended; others do not', () => {
    expect(isAttended('present')).toBe(true)
    expect(isAttended('late')).toBe(true)
    expect(isAttended('absent')).toBe(false)
    expect(isAttended('excused')).toBe(false)
    expect(isAttended('')).toBe(false)
  })
})
