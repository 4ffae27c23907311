import { describe, expect, test } from 'vitest'
import { deliveredMinutes, minutesMatched, TIME_MATCH_TOLERANCE_MINUTES } from '~/domain/time-matching'

describe('time matching', () => {
  test('the tolerance is five minutes today', () => {
    expect(TIME_MATCH_TOLERANCE_MINUTES).toBe(5)
  })

  test('weeks match when every group held its meeting within the tolerance', () => {
    expect(minutesMatched([60, 60])).toBe(true)
    expect(minutesMatched([60, 65])).toBe(true)
    expect(minutesMatched([66, 60])).toBe(false)
    expect(minutesMatched([60, null])).toBe(false)
    expect(minutesMatched([])).toBe(false)
    expect(minutesMatched([60, 70], 10)).toBe(true)
  })

  test('only a held meeting delivers minutes', () => {
    const meetings = [
      { week: 1, status: 'held', groupMinutes: 58 },
      { week: 2, status: 'cancelled', groupMinutes: null },
      { week: 3, status: 'missed', groupMinutes: 40 },
    ]
    expect(deliveredMinutes(meetings, 1)).toBe(58)
    expect(deliveredMinutes(meetings, 2)).toBeNull()
    expect(deliveredMinutes(meetings, 3)).toBeNull()
    expect(deliveredMinutes(meetings, 4)).toBeNull()
  })
})
