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
      { week: 3, settings },
    )
    expect(g.meetings.map((m) => m.week)).toEqual([1, 2, 3])
    const [a, b] = g.participants
    expect(a.weeks.slice(0, 4).map((c) => c.status)).toEqual(['present', 'late', 'cancelled', null])
    // weeks 1–3 recorded, so 4–24 are still to come: 21 sessions either may attend
    expect(a).toMatchObject({ attended: 2, held: 2, track: 'group', stillAttendable: 21, adherence: 'on-track' })
    expect(b).toMatchObject({ attended: 0, held: 2, stillAttendable: 21, adherence: 'at-risk' })
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
      { week: 10, settings },
    )
    expect(g.participants.map((p) => p.track)).toEqual(['checkin_only', 'group'])
    expect(g.participants[0].weeks[9].onRoster).toBe(false)
    expect(g.funnel).toMatchObject({ eligible: 2, offered: 2, continued: 1, declined: 1, notOfferedYet: 0 })
    // nothing recorded, week 10: weeks 10–24 remain; the decliner may attend none of them
    expect(g.participants.map((p) => [p.stillAttendable, p.adherence])).toEqual([
      [0, 'cannot-reach'],
      [15, 'on-track'],
    ])
  })

  it('before week 9 an undecided M-ROCC member at 3/3 is on track (the reported bug), and at 0/3 Recovery Support is at risk', () => {
    const meetings = [meeting(1, 1), meeting(2, 2), meeting(3, 3)]
    const mrocc = groupProgress(
      { id: 1, arm: 'mrocc', name: 'Oak', facilitators: [] },
      meetings,
      [member(1)],
      () => 'present',
      { week: 3, settings },
    )
    expect(mrocc.participants[0]).toMatchObject({ attended: 3, held: 3, stillAttendable: 21, adherence: 'on-track' })
    const rs = groupProgress(
      { id: 2, arm: 'recovery_support', name: 'Pine', facilitators: [] },
      meetings,
      [member(2)],
      () => 'absent',
      { week: 3, settings },
    )
    expect(rs.participants[0]).toMatchObject({ attended: 0, held: 3, stillAttendable: 21, adherence: 'at-risk' })
  })

  it('flags an eligible member never offered once week 9 has started, and counts them in the funnel', () => {
    const meetings = [5, 6, 7, 8].map((w) => meeting(w, w))
    const run = (week: number) =>
      groupProgress(
        { id: 1, arm: 'mrocc', name: 'Oak', facilitators: [] },
        meetings,
        [member(1), member(2)],
        (_m, p) => (p === 1 ? 'present' : 'absent'),
        { week, settings },
      )
    expect(run(8).participants.map((p) => p.notOfferedFlag)).toEqual([false, false])
    expect(run(8).funnel).toMatchObject({
      counted: 2,
      eligible: 1,
      notEligible: 1,
      notOfferedYet: 1,
      flagNotOffered: false,
    })
    expect(run(9).participants.map((p) => p.notOfferedFlag)).toEqual([true, false])
    // not eligible once the window has closed: weeks 9–24 are not theirs to attend
    expect(run(9).participants[1]).toMatchObject({ stillAttendable: 0, adherence: 'cannot-reach' })
    expect(run(9).participants[0]).toMatchObject({ stillAttendable: 16, adherence: 'on-track' })
  })

  it('lists 2-week periods that ended without a test', () => {
    const schedule = { startDate: '2026-09-02', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
    const g = groupProgress(
      { id: 1, arm: 'recovery_support', name: 'Pine', facilitators: [] },
      [],
      [member(1, { toxPeriods: [2] }), member(2, { status: 'withdrawn', leftOn: '2026-09-10' })],
      () => undefined,
      { week: 7, settings, schedule, today: '2026-10-20' },
    )
    expect(g.participants.map((p) => p.toxMissing)).toEqual([[1, 3], []])
  })
})
