import { describe, expect, test } from 'vitest'
import {
  defaultFacilitators,
  meetingChanges,
  meetingRecordProblems,
  toxEntryStarted,
  type MeetingRecordInput,
} from '~/domain/meeting-record'

const ctx = {
  inStudyIds: [1, 2, 3],
  rosterIds: [1, 2],
  fidelityIds: ['m03-a', 'm03-b'],
  groupFacilitatorIds: [10, 11],
  scheduledAt: new Date('2026-03-10T23:00:00Z'),
  now: new Date('2026-03-11T01:00:00Z'),
}
const held: MeetingRecordInput = {
  status: 'held',
  checkinMinutes: 30,
  groupMinutes: 60,
  facilitatorIds: [10],
  // 3 is on the check-in-only track: at check-in, not in the group
  checkin: [
    { participantId: 1, status: 'present' },
    { participantId: 2, status: 'late' },
    { participantId: 3, status: 'present' },
  ],
  attendance: [
    { participantId: 1, status: 'present' },
    { participantId: 2, status: 'absent' },
  ],
  fidelity: [{ itemId: 'm03-a' }],
}

describe('meetingRecordProblems', () => {
  test('a complete held record is fine', () => {
    expect(meetingRecordProblems(held, ctx)).toEqual([])
  })
  test('held needs everyone marked, beside the unmarked row', () => {
    const input = { ...held, attendance: [held.attendance[0], { participantId: 2 }] }
    expect(meetingRecordProblems(input, ctx)).toEqual([
      { message: 'One person is not marked yet. Mark everyone before saving a held meeting.' },
      { path: 'attendance[1].status', message: 'Choose an attendance status.' },
    ])
  })
  test('held needs everyone marked at check-in too, the check-in-only track included', () => {
    const input = {
      ...held,
      checkin: [{ participantId: 1 }, held.checkin[1], { participantId: 3, status: null }],
    }
    expect(meetingRecordProblems(input, ctx)).toEqual([
      { message: '2 marks are missing. Mark everyone before saving a held meeting.' },
      { path: 'checkin[0].status', message: 'Mark check-in attendance.' },
      { path: 'checkin[2].status', message: 'Mark check-in attendance.' },
    ])
  })
  test('the check-in list is everyone in the study; the group list only the roster', () => {
    const missing = { ...held, checkin: held.checkin.slice(0, 2) }
    expect(meetingRecordProblems(missing, ctx)[0].message).toMatch(/check-in list does not match/)
    const inGroup = { ...held, attendance: [...held.attendance, { participantId: 3, status: 'present' as const }] }
    expect(meetingRecordProblems(inGroup, ctx)[0].message).toMatch(/roster/)
    const stranger = { ...held, checkin: [...held.checkin, { participantId: 9, status: 'present' as const }] }
    expect(meetingRecordProblems(stranger, ctx)[0].message).toMatch(/check-in list does not match/)
  })
  test('held needs both minutes', () => {
    const paths = meetingRecordProblems({ ...held, checkinMinutes: null, groupMinutes: undefined }, ctx).map(
      (p) => p.path,
    )
    expect(paths).toEqual(['checkinMinutes', 'groupMinutes'])
  })
  test('cannot be held more than a day before it is scheduled', () => {
    const early = { ...ctx, now: new Date('2026-03-09T22:59:00Z') }
    expect(meetingRecordProblems(held, early)[0].message).toMatch(/not happened yet/)
    const sameDay = { ...ctx, now: new Date('2026-03-10T12:00:00Z') }
    expect(meetingRecordProblems(held, sameDay)).toEqual([])
  })
  test('a cancelled or missed meeting needs no attendance or minutes', () => {
    const cancelled = {
      ...held,
      status: 'cancelled' as const,
      checkinMinutes: null,
      groupMinutes: null,
      checkin: [],
      attendance: [],
    }
    expect(meetingRecordProblems(cancelled, { ...ctx, now: new Date('2026-01-01T00:00:00Z') })).toEqual([])
  })
  test('only this group’s facilitators, roster and lesson items', () => {
    expect(meetingRecordProblems({ ...held, facilitatorIds: [99] }, ctx)[0].path).toBe('facilitatorIds')
    expect(
      meetingRecordProblems(
        { ...held, attendance: [...held.attendance, { participantId: 3, status: 'present' }] },
        ctx,
      )[0].message,
    ).toMatch(/roster/)
    expect(meetingRecordProblems({ ...held, attendance: [held.attendance[0]] }, ctx)[0].message).toMatch(/roster/)
    expect(meetingRecordProblems({ ...held, fidelity: [{ itemId: 'r03-x' }] }, ctx)[0].message).toMatch(/checklist/)
  })
})

describe('defaultFacilitators', () => {
  test('the chosen ones, once each', () => expect(defaultFacilitators([11, 11, 10], 10, [10, 11])).toEqual([11, 10]))
  test('nobody chosen: the recorder if they lead the group', () =>
    expect(defaultFacilitators([], 10, [10, 11])).toEqual([10]))
  test('nobody chosen and the recorder does not lead it: nobody', () =>
    expect(defaultFacilitators([], 5, [10])).toEqual([]))
})

describe('meetingChanges (a refused stale save, ADR 013)', () => {
  const names = {
    person: (id: number) => `Person ${id}`,
    facilitator: (id: number) => `Lead ${id}`,
    fidelityItems: [
      { id: 'm03-a', text: 'Led the practice' },
      { id: 'm03-b', text: 'Set home practice' },
    ],
  }
  const saved = {
    status: 'held' as const,
    checkinMinutes: 30,
    groupMinutes: 60,
    notes: 'Theirs',
    facilitatorIds: [10],
    checkin: [{ participantId: 1, status: 'present' as const }],
    attendance: [{ participantId: 1, status: 'present' as const, note: null }],
    fidelity: [{ itemId: 'm03-a', delivered: true }],
  }
  test('lists each differing field by what the page shows, people by name, checklist items by text', () => {
    const yours = {
      ...saved,
      notes: 'Mine',
      checkin: [{ participantId: 1, status: 'late' as const }],
      attendance: [{ participantId: 1, status: 'absent' as const, note: 'left early' }],
      fidelity: [
        { itemId: 'm03-a', delivered: false },
        { itemId: 'm03-b', delivered: true },
      ],
    }
    expect(meetingChanges(yours, saved, names).map((c) => [c.label, c.saved, c.yours])).toEqual([
      ['Session notes', 'Theirs', 'Mine'],
      ['Check-in: Person 1', 'Present', 'Late'],
      ['Group: Person 1', 'Present', 'Absent'],
      ['Note: Person 1', '', 'left early'],
      ['Checklist: Led the practice', 'Delivered', 'Not ticked'],
      ['Checklist: Set home practice', 'Not ticked', 'Delivered'],
    ])
  })
  test('the same values are no change; a record not saved at all differs in every filled field', () => {
    expect(meetingChanges(saved, saved, names)).toEqual([])
    const none = { facilitatorIds: [], checkin: [], attendance: [], fidelity: [] }
    expect(meetingChanges(saved, none, names).map((c) => c.field)).toEqual([
      'status',
      'checkinMinutes',
      'groupMinutes',
      'facilitators',
      'notes',
      'checkin:1',
      'group:1',
      'fidelity:m03-a',
    ])
  })
})

describe('toxicology at check-in', () => {
  test('an entry counts as started once a person, a date or a result is chosen', () => {
    expect(toxEntryStarted(undefined)).toBe(false)
    expect(toxEntryStarted({ panel: 'Oral fluid 8-panel', results: ['', ''] })).toBe(false)
    expect(toxEntryStarted({ participantId: '4' })).toBe(true)
    expect(toxEntryStarted({ results: ['', 'negative'] })).toBe(true)
    expect(toxEntryStarted({ collectedOn: '2026-09-01' })).toBe(true)
  })
})
