import { describe, expect, it } from 'vitest'
import { groupProgress, type ProgressMeeting, type ProgressMember } from '~/domain/progress'

const settings = {
  continuationMinSessions: 3,
  continuationFromWeek: 5,
  continuationToWeek: 8,
  recoverySupportContinuationCheck: false,
}
const member = (id: number, over: Partial<ProgressMember> = {}): ProgressMember => ({
  id,
  studyId: `S-${id}`,
  name: null,
  status: 'active',
  decision: null,
  eligible: null,
  offeredAt: null,
  ...over,
})
const meeting = (id: number, week: number, status: ProgressMeeting['status'] = 'held'): ProgressMeeting => ({
  id,
  week,
  status,
  groupMinutes: status === 'held' ? 60 : null,
  checkinMinutes: status === 'held' ? 30 : null,
})

describe('groupProgress', () => {
  it('builds each member’s grid, attended of held, and marks meetings not held', () => {
    const attendance: Record<string, 'present' | 'absent' | 'late'> = {
      '1:1': 'present',
      '2:1': 'late',
      '1:2': 'absent',
    }
    const g = groupProgress(
      { id: 7, arm: 'recovery_support', name: 'Pine', facilitators: ['Lee'] },
      [meeting(2, 2), meeting(1, 1), meeting(3, 3, 'cancelled')],
      [member(1), member(2)],
      (m, p) => attendance[`${m}:${p}`],
      3,
      settings,
    )
    expect(g.meetings.map((m) => m.week)).toEqual([1, 2, 3])
    const [a, b] = g.participants
    expect(a.weeks.slice(0, 4).map((c) => c.status)).toEqual(['present', 'late', 'cancelled', null])
    expect(a).toMatchObject({ attended: 2, held: 2, track: 'group' })
    expect(b).toMatchObject({ attended: 0, held: 2 })
    // Recovery Support has no week-8 decision by default: no funnel.
    expect(g.funnel).toBeNull()
  })

  it('puts an M-ROCC member who declined at week 8 on the check-in-only track, with a funnel', () => {
    const g = groupProgress(
      { id: 8, arm: 'mrocc', name: 'Oak', facilitators: [] },
      [],
      [
        member(1, { decision: 'decline', eligible: true, offeredAt: '2026-10-20' }),
        member(2, { decision: 'continue', eligible: true, offeredAt: '2026-10-20' }),
      ],
      () => undefined,
      10,
      settings,
    )
    expect(g.participants.map((p) => p.track)).toEqual(['checkin_only', 'group'])
    expect(g.participants[0].weeks[9].onRoster).toBe(false)
    expect(g.funnel).toMatchObject({ eligible: 2, offered: 2, continued: 1, declined: 1 })
  })
})
