import { TZDate } from '@date-fns/tz'

/** Week arithmetic for a cohort: pure functions of the cohort's settings and "now". */
export const PROGRAMME_WEEKS = 24

export type CohortSchedule = {
  /** YYYY-MM-DD, local to timeZone: the first meeting is on the first `weekday` on/after it */
  startDate: string
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
  /** HH:MM local */
  startTime: string
  timeZone: string
}

const DAY_MS = 86_400_000

function parseDate(date: string) {
  const [y, m, d] = date.split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}

function formatDate(utcMidnight: number) {
  return new Date(utcMidnight).toISOString().slice(0, 10)
}

/** The schedule columns of a cohort row, as one value. */
export const scheduleOf = (c: CohortSchedule): CohortSchedule => ({
  startDate: c.startDate,
  weekday: c.weekday,
  startTime: c.startTime,
  timeZone: c.timeZone,
})

/** The local calendar date (YYYY-MM-DD) of a week's meeting. */
export function meetingDate(c: CohortSchedule, week: number): string {
  const start = parseDate(c.startDate)
  const offset = (c.weekday - new Date(start).getUTCDay() + 7) % 7
  return formatDate(start + (offset + 7 * (week - 1)) * DAY_MS)
}

/**
 * Resolving a wall-clock time in a zone is costly (every dashboard asks for each group's next
 * meetings): the instants are kept per schedule and week, a bounded number, for the process.
 */
const instants = new Map<string, number>()

/** The UTC instant a week's meeting starts: the same wall-clock time every week, across DST. */
export function meetingInstant(c: CohortSchedule, week: number): Date {
  const date = meetingDate(c, week)
  const key = `${date}T${c.startTime} ${c.timeZone}`
  let at = instants.get(key)
  if (at === undefined) {
    const [y, m, d] = date.split('-').map(Number)
    const [hh, mm] = c.startTime.split(':').map(Number)
    at = new TZDate(y, m - 1, d, hh, mm, 0, c.timeZone).getTime()
    if (instants.size >= 10_000) instants.clear()
    instants.set(key, at)
  }
  return new Date(at)
}

/** Today's calendar date in a time zone. */
/** Intl formatters are costly to build: one per zone and shape, kept for the process. */
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(kind: 'date' | 'instant', timeZone: string) {
  const key = `${kind}:${timeZone}`
  let f = formatters.get(key)
  if (!f) {
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone })
        : new Intl.DateTimeFormat('en-US', {
            weekday: 'short',
            month: 'short',
            day: 'numeric',
            hour: 'numeric',
            minute: '2-digit',
            timeZone,
            timeZoneName: 'short',
          })
    formatters.set(key, f)
  }
  return f
}

export function localDate(now: Date, timeZone: string): string {
  return formatter('date', timeZone).format(now) // en-CA formats as YYYY-MM-DD
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days * DAY_MS)
}

/**
 * The programme week a cohort is in: week N runs from meeting N's day until the day before
 * meeting N+1. 0 before the first meeting; 24 stays 24 after the programme ends.
 */
export function currentWeek(c: CohortSchedule, now: Date): number {
  const today = parseDate(localDate(now, c.timeZone))
  const first = parseDate(meetingDate(c, 1))
  if (today < first) return 0
  return Math.min(PROGRAMME_WEEKS, Math.floor((today - first) / (7 * DAY_MS)) + 1)
}

/** The next meeting that has not started yet, or null when the programme is over. */
export function nextMeeting(c: CohortSchedule, now: Date): { week: number; at: Date } | null {
  for (let week = Math.max(1, currentWeek(c, now)); week <= PROGRAMME_WEEKS; week++) {
    const at = meetingInstant(c, week)
    if (at.getTime() >= now.getTime()) return { week, at }
  }
  return null
}

export function isFinished(c: CohortSchedule, now: Date): boolean {
  return now.getTime() > meetingInstant(c, PROGRAMME_WEEKS).getTime() + 2 * 3600_000
}

/** 2-week toxicology/outcome periods: 1 = weeks 1–2 … 12 = weeks 23–24. */
export function periodOfWeek(week: number): number {
  if (!Number.isInteger(week) || week < 1 || week > PROGRAMME_WEEKS) {
    throw new RangeError(`week must be 1–${PROGRAMME_WEEKS}`)
  }
  return Math.ceil(week / 2)
}

export function weeksOfPeriod(period: number): [number, number] {
  if (!Number.isInteger(period) || period < 1 || period > PROGRAMME_WEEKS / 2)
    throw new RangeError('period must be 1–12')
  return [period * 2 - 1, period * 2]
}

/** Periods counted by the primary outcome: weeks 13–24. */
export const PRIMARY_OUTCOME_PERIODS = [7, 8, 9, 10, 11, 12]

/** Formats an instant for a person in their own zone, e.g. "Tue, Nov 3, 6:00 PM EST". */
export function formatInstant(at: Date, timeZone: string): string {
  return formatter('instant', timeZone).format(at)
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
