import ICAL from 'ical.js'
import { describe, expect, test } from 'vitest'
import { facilitatorEvents, participantEvents, type FeedWords } from '~/domain/calendar-events'
import { renderIcs } from '~/utils/ics'

/**
 * The feed's times in several zones, read back with ical.js: each occurrence is 18:00 local on
 * both sides of that zone's daylight-saving change (and Phoenix, which has none, never moves).
 */
const words: FeedWords = {
  checkIn: (g) => `Check-in: ${g}`,
  groupMeeting: (g) => `Group meeting: ${g}`,
  surveyOpen: 'Weekly questions open in the app',
}

function parsedStarts(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar
    .getAllSubcomponents('vevent')
    .map((v) => new ICAL.Event(v))
    .filter((e) => !e.startDate.isDate)
    .map((e) => ({ uid: e.uid, start: e.startDate.toJSDate() }))
}

const local = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d)

// [zone, a first Tuesday, the UTC hour of 18:00 local before and after the zone's change in the first weeks]
const ZONES = [
  ['Europe/London', '2026-03-10', '18:00Z', '17:00Z'], // summer time from Sunday 29 March
  ['Australia/Sydney', '2026-03-10', '07:00Z', '08:00Z'], // daylight time ends Sunday 5 April
  ['America/Los_Angeles', '2026-02-24', '02:00Z', '01:00Z'], // daylight time from Sunday 8 March (next UTC day)
  ['America/Phoenix', '2026-02-24', '01:00Z', '01:00Z'], // no daylight time
] as const

describe('feed times across daylight-saving changes', () => {
  for (const [timeZone, startDate, before, after] of ZONES) {
    test(`${timeZone}: every check-in at 18:00 local, ${before} before the change and ${after} after`, () => {
      const schedule = { startDate, weekday: 2, startTime: '18:00', timeZone }
      const events = participantEvents({
        participantId: 1,
        groupName: 'Oak',
        schedule,
        meetings: [],
        onRoster: () => true,
        graceDays: 2,
        words,
      })
      const checkIns = parsedStarts(renderIcs('Weekly Groups', events)).filter((e) => e.uid.includes('-checkin'))
      expect(checkIns).toHaveLength(24)
      for (const e of checkIns) expect(local(e.start, timeZone)).toBe('Tue 18:00')
      expect(checkIns[0].start.toISOString().slice(11, 16) + 'Z').toBe(before)
      expect(checkIns[8].start.toISOString().slice(11, 16) + 'Z').toBe(after)
    })
  }

  test("a facilitator's week is 90 minutes from the check-in, linked to its session screen", () => {
    const schedule = { startDate: '2026-03-10', weekday: 2, startTime: '18:00', timeZone: 'Europe/London' }
    const [first] = facilitatorEvents({
      groups: [{ id: 7, name: 'Oak', schedule, meetings: [{ week: 1, status: 'cancelled' }] }],
      origin: 'https://groups.example.org',
      words,
    })
    expect(first).toMatchObject({
      start: new Date('2026-03-10T18:00:00Z'),
      end: new Date('2026-03-10T19:30:00Z'),
      url: 'https://groups.example.org/groups/7/weeks/1',
      cancelled: true,
    })
  })
})
