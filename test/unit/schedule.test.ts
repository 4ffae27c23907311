import { describe, expect, test } from 'vitest'
import {
  addDays,
  currentWeek,
  formatInstant,
  isFinished,
  localDate,
  meetingDate,
  meetingInstant,
  nextMeeting,
  periodOfWeek,
  PRIMARY_OUTCOME_PERIODS,
  PROGRAMME_WEEKS,
  weeksOfPeriod,
  type CohortSchedule,
} from '~/domain/schedule'

/** Tuesdays at 18:00 New York time; 2026-09-01 is itself a Tuesday. Spans the 2026-11-01 DST end. */
const autumn: CohortSchedule = {
  startDate: '2026-09-01',
  weekday: 2,
  startTime: '18:00',
  timeZone: 'America/New_York',
}

/** Tuesdays at 18:00 New York time from 2027-01-05; spans the 2027-03-14 DST start. */
const winter: CohortSchedule = { ...autumn, startDate: '2027-01-05' }

const utc = (iso: string) => new Date(iso)

describe('meetingDate: the first meeting is the first cohort weekday on/after the start date', () => {
  test('start date already on the weekday: week 1 is the start date itself', () => {
    expect(meetingDate(autumn, 1)).toBe('2026-09-01')
  })

  test('start date before the weekday: week 1 moves forward to that weekday', () => {
    // 2026-09-02 is a Wednesday; the next Tuesday is 2026-09-08
    expect(meetingDate({ ...autumn, startDate: '2026-09-02' }, 1)).toBe('2026-09-08')
    // Monday start, Sunday meetings: six days later
    expect(meetingDate({ ...autumn, startDate: '2026-08-31', weekday: 0 }, 1)).toBe('2026-09-06')
  })

  test('every later week is exactly 7 days after the one before', () => {
    expect(meetingDate(autumn, 2)).toBe('2026-09-08')
    expect(meetingDate(autumn, 9)).toBe('2026-10-27')
    expect(meetingDate(autumn, 10)).toBe('2026-11-03')
    expect(meetingDate(autumn, 24)).toBe('2027-02-09')
  })

  test('weeks cross month and year ends on the calendar, not on UTC offsets', () => {
    const c: CohortSchedule = { ...autumn, startDate: '2026-12-20', weekday: 1 } // Mon 2026-12-21
    expect(meetingDate(c, 1)).toBe('2026-12-21')
    expect(meetingDate(c, 2)).toBe('2026-12-28')
    expect(meetingDate(c, 3)).toBe('2027-01-04')
  })
})

describe('meetingInstant: same local wall-clock time every week, across DST', () => {
  test('week 1 at 18:00 EDT is 22:00 UTC', () => {
    expect(meetingInstant(autumn, 1).toISOString()).toBe('2026-09-01T22:00:00.000Z')
  })

  test('US DST end (2026-11-01): 22:00 UTC before, 23:00 UTC after', () => {
    const before = meetingInstant(autumn, 9) // Tue 2026-10-27, EDT
    const after = meetingInstant(autumn, 10) // Tue 2026-11-03, EST
    expect(before.toISOString()).toBe('2026-10-27T22:00:00.000Z')
    expect(after.toISOString()).toBe('2026-11-03T23:00:00.000Z')
    expect(before.getUTCHours()).toBe(22)
    expect(after.getUTCHours()).toBe(23)
    // a week apart on the wall clock is 7 days + 1 hour in elapsed time
    expect(after.getTime() - before.getTime()).toBe(7 * 86_400_000 + 3_600_000)
  })

  test('US DST start (2027-03-14): 23:00 UTC before, 22:00 UTC after', () => {
    expect(meetingDate(winter, 10)).toBe('2027-03-09')
    expect(meetingDate(winter, 11)).toBe('2027-03-16')
    const before = meetingInstant(winter, 10)
    const after = meetingInstant(winter, 11)
    expect(before.toISOString()).toBe('2027-03-09T23:00:00.000Z')
    expect(after.toISOString()).toBe('2027-03-16T22:00:00.000Z')
    expect(after.getTime() - before.getTime()).toBe(7 * 86_400_000 - 3_600_000)
  })

  test('a meeting on the changeover Sunday itself uses the new offset (change is at 02:00)', () => {
    const sunday: CohortSchedule = { ...autumn, startDate: '2026-10-25', weekday: 0 }
    expect(meetingInstant(sunday, 1).toISOString()).toBe('2026-10-25T22:00:00.000Z') // EDT
    expect(meetingInstant(sunday, 2).toISOString()).toBe('2026-11-01T23:00:00.000Z') // EST
  })

  test('every one of the 24 meetings is at 18:00 New York time', () => {
    for (let week = 1; week <= PROGRAMME_WEEKS; week++) {
      const hm = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(meetingInstant(autumn, week))
      expect(hm, `week ${week}`).toBe('18:00')
    }
  })

  test("minutes are kept and the zone is the cohort's, not the server's", () => {
    const london: CohortSchedule = {
      startDate: '2026-10-20',
      weekday: 2,
      startTime: '09:30',
      timeZone: 'Europe/London',
    }
    expect(meetingInstant(london, 1).toISOString()).toBe('2026-10-20T08:30:00.000Z') // BST
    expect(meetingInstant(london, 2).toISOString()).toBe('2026-10-27T09:30:00.000Z') // GMT (ends 2026-10-25)
    const tokyo: CohortSchedule = { startDate: '2026-09-01', weekday: 2, startTime: '07:15', timeZone: 'Asia/Tokyo' }
    // 07:15 in Tokyo is the previous UTC day
    expect(meetingInstant(tokyo, 1).toISOString()).toBe('2026-08-31T22:15:00.000Z')
  })
})

describe("currentWeek: week N runs from meeting N's local day to the day before meeting N+1", () => {
  test('0 before the first meeting day', () => {
    expect(currentWeek(autumn, utc('2026-08-01T12:00:00Z'))).toBe(0)
    // Monday 2026-08-31, 23:59 New York time (already Tuesday in UTC)
    expect(currentWeek(autumn, utc('2026-09-01T03:59:00Z'))).toBe(0)
  })

  test('the first meeting day starts week 1 at local midnight, even before the meeting time', () => {
    // 00:00 EDT on Tue 2026-09-01 = 04:00 UTC
    expect(currentWeek(autumn, utc('2026-09-01T04:00:00Z'))).toBe(1)
    expect(currentWeek(autumn, utc('2026-09-01T21:59:00Z'))).toBe(1)
  })

  test("the boundary to week 2 is local midnight on meeting 2's day", () => {
    // Mon 2026-09-07 23:59 EDT = Tue 03:59 UTC: still week 1
    expect(currentWeek(autumn, utc('2026-09-08T03:59:00Z'))).toBe(1)
    // Tue 2026-09-08 00:00 EDT = 04:00 UTC: week 2
    expect(currentWeek(autumn, utc('2026-09-08T04:00:00Z'))).toBe(2)
  })

  test("a UTC date ahead of the cohort's date does not advance the week (New York evening)", () => {
    // 2026-09-08T02:00Z is Monday 22:00 in New York: still week 1 although UTC says Tuesday
    expect(localDate(utc('2026-09-08T02:00:00Z'), 'America/New_York')).toBe('2026-09-07')
    expect(currentWeek(autumn, utc('2026-09-08T02:00:00Z'))).toBe(1)
  })

  test('a zone ahead of UTC advances the week before UTC does (Tokyo morning)', () => {
    const tokyo: CohortSchedule = { ...autumn, timeZone: 'Asia/Tokyo' }
    // 2026-09-07T16:00Z is Tuesday 01:00 in Tokyo: week 2 although UTC says Monday
    expect(localDate(utc('2026-09-07T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-09-08')
    expect(currentWeek(tokyo, utc('2026-09-07T16:00:00Z'))).toBe(2)
    expect(currentWeek(tokyo, utc('2026-09-07T14:59:00Z'))).toBe(1)
  })

  test('boundaries hold across the DST end', () => {
    // Tue 2026-11-03 00:00 EST = 05:00 UTC
    expect(currentWeek(autumn, utc('2026-11-03T04:59:00Z'))).toBe(9)
    expect(currentWeek(autumn, utc('2026-11-03T05:00:00Z'))).toBe(10)
  })

  test('week 24 stays 24 after the programme ends', () => {
    expect(currentWeek(autumn, utc('2027-02-09T23:00:00Z'))).toBe(24)
    expect(currentWeek(autumn, utc('2027-02-16T12:00:00Z'))).toBe(24)
    expect(currentWeek(autumn, utc('2030-01-01T00:00:00Z'))).toBe(24)
  })
})

describe('nextMeeting: the next meeting that has not started yet', () => {
  test('before the programme: week 1', () => {
    expect(nextMeeting(autumn, utc('2026-08-15T12:00:00Z'))).toEqual({
      week: 1,
      at: new Date('2026-09-01T22:00:00.000Z'),
    })
  })

  test("on meeting day before the start time: today's meeting; at the exact start still today's", () => {
    expect(nextMeeting(autumn, utc('2026-09-08T15:00:00Z'))?.week).toBe(2)
    expect(nextMeeting(autumn, utc('2026-09-08T22:00:00Z'))).toEqual({
      week: 2,
      at: new Date('2026-09-08T22:00:00.000Z'),
    })
  })

  test('once a meeting has started, the next is a week later', () => {
    expect(nextMeeting(autumn, utc('2026-09-08T22:00:01Z'))).toEqual({
      week: 3,
      at: new Date('2026-09-15T22:00:00.000Z'),
    })
  })

  test('across the DST end the next meeting is at the new UTC hour', () => {
    expect(nextMeeting(autumn, utc('2026-10-28T12:00:00Z'))).toEqual({
      week: 10,
      at: new Date('2026-11-03T23:00:00.000Z'),
    })
  })

  test('null once the last meeting has started', () => {
    expect(nextMeeting(autumn, utc('2027-02-09T22:59:00Z'))?.week).toBe(24)
    expect(nextMeeting(autumn, utc('2027-02-09T23:00:01Z'))).toBeNull()
    expect(nextMeeting(autumn, utc('2027-06-01T00:00:00Z'))).toBeNull()
  })
})

describe('isFinished: two hours after the last meeting starts', () => {
  test('not finished during the last meeting; finished just after two hours', () => {
    // week 24: 2027-02-09T23:00Z (18:00 EST)
    expect(isFinished(autumn, utc('2027-02-09T22:59:00Z'))).toBe(false)
    expect(isFinished(autumn, utc('2027-02-10T01:00:00Z'))).toBe(false)
    expect(isFinished(autumn, utc('2027-02-10T01:00:01Z'))).toBe(true)
  })
})

describe('periodOfWeek / weeksOfPeriod: 2-week periods 1–12', () => {
  test('weeks 1–24 map to periods 1–12, two weeks each', () => {
    const expected = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12]
    expect(Array.from({ length: 24 }, (_, i) => periodOfWeek(i + 1))).toEqual(expected)
  })

  test('weeks outside 1–24 or non-integers are errors', () => {
    for (const bad of [0, -1, 25, 100, 1.5, Number.NaN]) {
      expect(() => periodOfWeek(bad), String(bad)).toThrow(RangeError)
    }
  })

  test('weeksOfPeriod is the inverse', () => {
    expect(weeksOfPeriod(1)).toEqual([1, 2])
    expect(weeksOfPeriod(7)).toEqual([13, 14])
    expect(weeksOfPeriod(12)).toEqual([23, 24])
    for (let p = 1; p <= 12; p++) {
      const [a, b] = weeksOfPeriod(p)
      expect(periodOfWeek(a)).toBe(p)
      expect(periodOfWeek(b)).toBe(p)
    }
  })

  test('the primary outcome counts periods 7–12, i.e. weeks 13–24', () => {
    expect(PRIMARY_OUTCOME_PERIODS).toEqual([7, 8, 9, 10, 11, 12])
    expect(weeksOfPeriod(PRIMARY_OUTCOME_PERIODS[0])[0]).toBe(13)
  })
})

describe('localDate: the calendar date in a given zone', () => {
  test('same instant, different dates in different zones', () => {
    const at = utc('2026-12-31T23:30:00Z')
    expect(localDate(at, 'UTC')).toBe('2026-12-31')
    expect(localDate(at, 'America/New_York')).toBe('2026-12-31')
    expect(localDate(at, 'Asia/Tokyo')).toBe('2027-01-01')
    expect(localDate(utc('2027-01-01T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-12-31')
  })

  test('pads month and day', () => {
    expect(localDate(utc('2026-03-05T12:00:00Z'), 'UTC')).toBe('2026-03-05')
  })
})

describe('addDays: calendar arithmetic', () => {
  test('across month ends, including February and leap years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-04-30', 1)).toBe('2026-05-01')
  })

  test('across the year end, forwards and backwards', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
  })

  test('across a DST change the date moves by whole days', () => {
    expect(addDays('2026-10-31', 1)).toBe('2026-11-01')
    expect(addDays('2026-11-01', 1)).toBe('2026-11-02')
    expect(addDays('2027-03-13', 2)).toBe('2027-03-15')
  })

  test('zero is the same date', () => {
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15')
  })
})

describe("formatInstant: a time shown in the viewer's own zone", () => {
  const meeting10 = meetingInstant(autumn, 10) // 2026-11-03T23:00Z, 18:00 EST

  test("the cohort's own zone shows the wall-clock meeting time", () => {
    expect(formatInstant(meeting10, 'America/New_York')).toBe('Tue, Nov 3, 6:00 PM EST')
  })

  test('a viewer elsewhere sees the same instant in their own zone', () => {
    expect(formatInstant(meeting10, 'America/Los_Angeles')).toBe('Tue, Nov 3, 3:00 PM PST')
    expect(formatInstant(meeting10, 'Europe/London')).toBe('Tue, Nov 3, 11:00 PM GMT')
    // Tokyo is already on the next day
    expect(formatInstant(meeting10, 'Asia/Tokyo')).toBe('Wed, Nov 4, 8:00 AM GMT+9')
  })

  test('before the DST end the zone abbreviation is daylight time', () => {
    expect(formatInstant(meetingInstant(autumn, 9), 'America/New_York')).toBe('Tue, Oct 27, 6:00 PM EDT')
  })
})

describe('weeksOfPeriod range', () => {
  test('rejects periods outside 1–12', () => {
    expect(() => weeksOfPeriod(0)).toThrow(RangeError)
    expect(() => weeksOfPeriod(13)).toThrow(RangeError)
    expect(weeksOfPeriod(12)).toEqual([23, 24])
  })
})
