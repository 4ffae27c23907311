import { describe, expect, test } from 'vitest'
import type { ContinuationSettings } from '~/domain/continuation'
import { expectedOfMe } from '~/domain/my-week'

const settings: ContinuationSettings = {
  continuationMinSessions: 3,
  continuationFromWeek: 5,
  continuationToWeek: 8,
  recoverySupportContinuationCheck: false,
}
const withRsCheck = { ...settings, recoverySupportContinuationCheck: true }
const base = { programmeRunning: true, settings }

describe('expectedOfMe: what a participant is asked for this week', () => {
  test('group track (both arms, weeks 1–8): the check-in, the questions, the group meeting and practice', () => {
    for (const arm of ['mrocc', 'recovery_support'] as const)
      expect(expectedOfMe({ ...base, arm, week: 3, decision: null })).toEqual({
        track: 'group',
        week: 3,
        expected: ['checkInMeeting', 'weeklyQuestions', 'groupMeeting', 'homePractice'],
      })
  })

  test('PROMIS weeks add the longer survey', () => {
    expect(expectedOfMe({ ...base, arm: 'mrocc', week: 8, decision: null }).expected).toContain('promis')
    expect(expectedOfMe({ ...base, arm: 'mrocc', week: 9, decision: 'continue' }).expected).not.toContain('promis')
  })

  test('mindfulness arm, declined at week 8: check-in-only, no group meeting, no practices', () => {
    expect(expectedOfMe({ ...base, arm: 'mrocc', week: 12, decision: 'decline' })).toEqual({
      track: 'checkInOnly',
      week: 12,
      expected: ['checkInMeeting', 'weeklyQuestions'],
    })
    expect(expectedOfMe({ ...base, arm: 'mrocc', week: 16, decision: 'decline' }).expected).toEqual([
      'checkInMeeting',
      'weeklyQuestions',
      'promis',
    ])
  })

  test('mindfulness arm, no decision recorded after week 8: not on the roster, so check-in-only', () => {
    expect(expectedOfMe({ ...base, arm: 'mrocc', week: 10, decision: null }).track).toBe('checkInOnly')
    expect(expectedOfMe({ ...base, arm: 'mrocc', week: 10, decision: 'continue' }).track).toBe('group')
  })

  test('the other arm keeps the group from week 9 unless the programme applies the decision to it too', () => {
    expect(expectedOfMe({ ...base, arm: 'recovery_support', week: 12, decision: null }).track).toBe('group')
    expect(
      expectedOfMe({ ...base, settings: withRsCheck, arm: 'recovery_support', week: 12, decision: 'decline' }),
    ).toMatchObject({ track: 'checkInOnly', expected: ['checkInMeeting', 'weeklyQuestions'] })
  })

  test('nothing once the programme is over', () => {
    expect(expectedOfMe({ ...base, programmeRunning: false, arm: 'mrocc', week: 24, decision: 'continue' })).toEqual({
      track: 'finished',
      week: 24,
      expected: [],
    })
  })
})
