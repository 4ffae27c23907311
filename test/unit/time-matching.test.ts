import { describe, expect, test } from 'vitest'
import {
  cumulativeMinutes,
  DEFAULT_TIME_MATCH_TOLERANCE_MINUTES,
  deliveredMinutes,
  describeWeekMatch,
  timeMatching,
  weekMatch,
  type MatchMeeting,
} from '~/domain/time-matching'

const held = (week: number, checkinMinutes: number | null, groupMinutes: number | null): MatchMeeting => ({
  week,
  status: 'held',
  checkinMinutes,
  groupMinutes,
})
const notHeld = (week: number, status = 'cancelled'): MatchMeeting => ({
  week,
  status,
  checkinMinutes: null,
  groupMinutes: null,
})

describe('time matching: check-in and group minutes, week by week', () => {
  test('the default tolerance is 0: any difference is flagged', () => {
    expect(DEFAULT_TIME_MATCH_TOLERANCE_MINUTES).toBe(0)
    const a = { meetings: [held(1, 30, 60)] }
    const b = { meetings: [held(1, 30, 61)] }
    expect(weekMatch([a, b], 1, 0)).toEqual({
      week: 1,
      status: 'differs',
      flagged: true,
      checkinDifference: 0,
      groupDifference: 1,
    })
    expect(weekMatch([a, a], 1, 0)).toMatchObject({ status: 'matched', flagged: false })
  })

  test('check-in minutes count as much as group minutes', () => {
    const w = weekMatch([{ meetings: [held(2, 25, 60)] }, { meetings: [held(2, 30, 60)] }], 2, 0)
    expect(w).toMatchObject({ status: 'differs', flagged: true, checkinDifference: 5, groupDifference: 0 })
    expect(describeWeekMatch(w)).toBe('Not matched: check-in differs by 5 min')
  })

  test('a difference within the tolerance matches; one beyond it does not', () => {
    const g = [{ meetings: [held(1, 30, 60)] }, { meetings: [held(1, 33, 65)] }]
    expect(weekMatch(g, 1, 5).status).toBe('matched')
    expect(weekMatch(g, 1, 4)).toMatchObject({ status: 'differs', flagged: true })
    expect(describeWeekMatch(weekMatch(g, 1, 4))).toBe('Not matched: check-in differs by 3 min, group differs by 5 min')
  })

  test('a week where only one group met is flagged; one not recorded yet is not', () => {
    const a = { meetings: [held(3, 30, 60), held(4, 30, 60)] }
    const b = { meetings: [notHeld(3)] }
    expect(weekMatch([a, b], 3, 0)).toMatchObject({ status: 'one-not-held', flagged: true })
    expect(describeWeekMatch(weekMatch([a, b], 3, 0))).toBe('Not matched: only one group met')
    expect(weekMatch([a, b], 4, 0)).toMatchObject({ status: 'awaiting', flagged: false })
    expect(weekMatch([b, { meetings: [notHeld(3, 'missed')] }], 3, 0)).toMatchObject({
      status: 'none-held',
      flagged: false,
    })
    expect(weekMatch([a, b], 5, 0)).toMatchObject({ status: 'none-held', flagged: false })
  })

  test('a held meeting without minutes cannot match', () => {
    expect(weekMatch([{ meetings: [held(1, 30, null)] }, { meetings: [held(1, 30, 60)] }], 1, 30)).toMatchObject({
      status: 'differs',
      flagged: true,
      groupDifference: null,
    })
  })

  test('one group alone is not compared', () => {
    expect(weekMatch([{ meetings: [held(1, 30, 60)] }], 1, 0)).toMatchObject({ status: 'not-compared', flagged: false })
  })

  test('timeMatching covers weeks 1 to now', () => {
    const g = [{ meetings: [held(1, 30, 60)] }, { meetings: [held(1, 30, 60)] }]
    expect(timeMatching(g, 3, 0).map((w) => w.status)).toEqual(['matched', 'none-held', 'none-held'])
    expect(timeMatching(g, 0, 0)).toEqual([])
  })

  test('only a held meeting delivers minutes; cumulative totals run week by week', () => {
    const meetings = [held(1, 30, 58), notHeld(2), { ...held(3, 30, 40), status: 'missed' }, held(4, 28, 60)]
    expect(deliveredMinutes(meetings, 1)).toEqual({ checkin: 30, group: 58 })
    expect(deliveredMinutes(meetings, 2)).toBeNull()
    expect(deliveredMinutes(meetings, 3)).toBeNull()
    expect(deliveredMinutes(meetings, 5)).toBeNull()
    expect(cumulativeMinutes(meetings, 5)).toEqual([
      { week: 1, checkin: 30, group: 58 },
      { week: 2, checkin: 30, group: 58 },
      { week: 3, checkin: 30, group: 58 },
      { week: 4, checkin: 58, group: 118 },
      { week: 5, checkin: 58, group: 118 },
    ])
  })
})
