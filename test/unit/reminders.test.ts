import { describe, expect, test } from 'vitest'
import {
  DEFAULT_REMINDER_PREFS,
  dueReminders,
  inQuietHours,
  localInstant,
  outOfQuietHours,
  plannedReminders,
  reminderDedupeKey,
  retryDelayMs,
  type ReminderPerson,
} from '~/domain/reminders'

/**
 * The reminder planner (issue 13). Hand-computed: the cohort meets Tuesdays 18:00 New York time
 * from 2026-10-20 (weeks 1, 2, 3 on Oct 20, Oct 27, Nov 3). US clocks go back on Sunday
 * 2026-11-01 (EDT UTC-4 → EST UTC-5); UK clocks on Sunday 2026-10-25 (BST UTC+1 → GMT UTC+0).
 * Survey grace 2 days: week 2's window is Oct 26 – Oct 29 (New York dates).
 */
const person = (over: Partial<ReminderPerson> = {}): ReminderPerson => ({
  userId: 7,
  locale: 'en',
  timeZone: 'America/New_York',
  prefs: DEFAULT_REMINDER_PREFS,
  schedule: { startDate: '2026-10-20', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' },
  graceDays: 2,
  arm: 'mrocc',
  decision: null,
  continuation: {
    continuationMinSessions: 3,
    continuationFromWeek: 5,
    continuationToWeek: 8,
    recoverySupportContinuationCheck: false,
  },
  weeklyDone: [],
  ...over,
})

const find = (p: ReminderPerson, kind: string, week: number) =>
  plannedReminders(p).find((r) => r.kind === kind && r.week === week)

describe('when each reminder is sent', () => {
  test('"meeting tomorrow": the day before, at the chosen time, in the person’s zone', () => {
    const r = find(person(), 'meeting_tomorrow', 2)!
    expect(r.sendAt.toISOString()).toBe('2026-10-26T22:00:00.000Z') // 18:00 EDT
    expect(r.expiresAt.toISOString()).toBe('2026-10-27T04:00:00.000Z') // the meeting day begins
    expect(r.meetingAt.toISOString()).toBe('2026-10-27T22:00:00.000Z')
  })

  test('across the DST change the local time stays 18:00 and the UTC instant moves by an hour', () => {
    expect(find(person(), 'meeting_tomorrow', 2)!.sendAt.toISOString()).toBe('2026-10-26T22:00:00.000Z') // EDT
    expect(find(person(), 'meeting_tomorrow', 3)!.sendAt.toISOString()).toBe('2026-11-02T23:00:00.000Z') // EST
    expect(find(person(), 'survey_open', 3)!.sendAt.toISOString()).toBe('2026-11-02T23:00:00.000Z')
  })

  test('a person in another zone gets it at their own 18:00, with that zone’s own DST date', () => {
    const london = person({ timeZone: 'Europe/London' })
    // Week 1 meets Oct 20 22:00Z = 23:00 BST; reminder Oct 19 18:00 BST = 17:00Z.
    expect(find(london, 'meeting_tomorrow', 1)!.sendAt.toISOString()).toBe('2026-10-19T17:00:00.000Z')
    // Week 2 meets Oct 27 22:00Z = 22:00 GMT (UK already changed); reminder Oct 26 18:00 GMT.
    expect(find(london, 'meeting_tomorrow', 2)!.sendAt.toISOString()).toBe('2026-10-26T18:00:00.000Z')
  })

  test('survey open: the day the window opens; closing soon: its last day; both until it closes', () => {
    const open = find(person(), 'survey_open', 2)!
    const closing = find(person(), 'survey_closing', 2)!
    expect(open.sendAt.toISOString()).toBe('2026-10-26T22:00:00.000Z')
    expect(closing.sendAt.toISOString()).toBe('2026-10-29T22:00:00.000Z')
    expect(open.expiresAt.toISOString()).toBe('2026-10-30T04:00:00.000Z') // end of Oct 29, New York
    expect(closing.closesOn).toBe('2026-10-29')
  })

  test('no survey reminders for a week already answered; none of a kind turned off', () => {
    expect(find(person({ weeklyDone: [2] }), 'survey_open', 2)).toBeUndefined()
    expect(find(person({ weeklyDone: [2] }), 'survey_closing', 2)).toBeUndefined()
    expect(find(person({ weeklyDone: [2] }), 'meeting_tomorrow', 2)).toBeDefined()
    const off = person({
      prefs: { ...DEFAULT_REMINDER_PREFS, kinds: { ...DEFAULT_REMINDER_PREFS.kinds, survey_open: false } },
    })
    expect(plannedReminders(off).some((r) => r.kind === 'survey_open')).toBe(false)
    expect(plannedReminders(off).some((r) => r.kind === 'survey_closing')).toBe(true)
  })

  test('no "meeting tomorrow" for a cancelled meeting', () => {
    expect(find(person({ cancelledWeeks: [2] }), 'meeting_tomorrow', 2)).toBeUndefined()
  })

  test('the check-in-only track (declined at week 8) gets check-in wording from week 9', () => {
    const declined = person({ decision: 'decline' })
    expect(find(declined, 'meeting_tomorrow', 8)!.track).toBe('group')
    expect(find(declined, 'meeting_tomorrow', 9)!.track).toBe('checkin_only')
    expect(find(person({ decision: 'continue' }), 'meeting_tomorrow', 9)!.track).toBe('group')
  })
})

describe('quiet hours', () => {
  const quiet = { quietStart: '21:00', quietEnd: '08:00' }
  const ny = 'America/New_York'

  test('a window across midnight: evening and early morning are quiet, the day is not', () => {
    expect(inQuietHours(localInstant('2026-10-26', '20:59', ny), ny, quiet)).toBe(false)
    expect(inQuietHours(localInstant('2026-10-26', '21:00', ny), ny, quiet)).toBe(true)
    expect(inQuietHours(localInstant('2026-10-26', '03:00', ny), ny, quiet)).toBe(true)
    expect(inQuietHours(localInstant('2026-10-26', '08:00', ny), ny, quiet)).toBe(false)
    expect(inQuietHours(localInstant('2026-10-26', '03:00', ny), ny, { quietStart: '08:00', quietEnd: '08:00' })).toBe(
      false,
    )
  })

  test('a quiet time moves to the end of the quiet hours (next morning when entered in the evening)', () => {
    expect(outOfQuietHours(localInstant('2026-10-26', '22:30', ny), ny, quiet).toISOString()).toBe(
      localInstant('2026-10-27', '08:00', ny).toISOString(),
    )
    expect(outOfQuietHours(localInstant('2026-10-26', '06:00', ny), ny, quiet).toISOString()).toBe(
      localInstant('2026-10-26', '08:00', ny).toISOString(),
    )
    // Across the DST night: 22:30 EDT on Oct 31 → 08:00 EST on Nov 1 = 13:00Z.
    expect(outOfQuietHours(localInstant('2026-10-31', '22:30', ny), ny, quiet).toISOString()).toBe(
      '2026-11-01T13:00:00.000Z',
    )
  })

  test('a chosen time inside quiet hours: moved to 08:00, or dropped when that would be too late', () => {
    const early = person({ prefs: { ...DEFAULT_REMINDER_PREFS, sendAt: '07:00' } })
    expect(find(early, 'meeting_tomorrow', 2)!.sendAt.toISOString()).toBe('2026-10-26T12:00:00.000Z') // 08:00 EDT
    const late = person({ prefs: { ...DEFAULT_REMINDER_PREFS, sendAt: '22:30' } })
    // 08:00 next morning is the meeting day: "tomorrow" would be wrong, so none is planned.
    expect(find(late, 'meeting_tomorrow', 2)).toBeUndefined()
    // The survey is still open the next morning: sent then.
    expect(find(late, 'survey_open', 2)!.sendAt.toISOString()).toBe('2026-10-27T12:00:00.000Z')
    for (const r of plannedReminders(late)) expect(inQuietHours(r.sendAt, late.timeZone, late.prefs)).toBe(false)
  })
})

describe('dedupe keys and the due list', () => {
  test('one key per person, kind and week, never repeated', () => {
    expect(reminderDedupeKey(7, 'survey_open', 3)).toBe('7:survey_open:3')
    const keys = plannedReminders(person()).map((r) => r.dedupeKey)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toHaveLength(24 * 3)
  })

  test('due = send time has come and not yet stale', () => {
    const due = (iso: string) =>
      dueReminders(new Date(iso), [person()])
        .map((r) => r.dedupeKey)
        .sort()
    expect(due('2026-10-26T21:59:00Z')).toEqual([])
    expect(due('2026-10-26T22:00:00Z')).toEqual(['7:meeting_tomorrow:2', '7:survey_open:2'])
    // After midnight (meeting day) "meeting tomorrow" is stale; the survey is still open.
    expect(due('2026-10-27T05:00:00Z')).toEqual(['7:survey_open:2'])
    expect(due('2026-10-29T22:00:00Z')).toEqual(['7:survey_closing:2', '7:survey_open:2'])
    expect(due('2026-10-30T04:00:00Z')).toEqual([])
  })

  test('the due list looks only at the weeks that can be due, and misses none of them', () => {
    for (const p of [
      person({ timeZone: 'Pacific/Honolulu', prefs: { ...DEFAULT_REMINDER_PREFS, sendAt: '08:00' } }),
      person({ timeZone: 'Asia/Tokyo', prefs: { ...DEFAULT_REMINDER_PREFS, sendAt: '20:30' }, graceDays: 6 }),
      person({ timeZone: 'Europe/London', graceDays: 0 }),
    ])
      // Every planned reminder, checked at its own send time, is found by the narrowed search.
      for (const r of plannedReminders(p))
        expect(dueReminders(r.sendAt, [p]).map((d) => d.dedupeKey)).toContain(r.dedupeKey)
  })

  test('retries back off exponentially, capped at six hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000])
    expect(retryDelayMs(20)).toBe(6 * 3600_000)
  })
})
