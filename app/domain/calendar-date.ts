/**
 * Calendar dates as people type them (YYYY-MM-DD, in the cohort's time zone): pure rules shared
 * by every form that takes a date, so each refuses the same impossible or implausible values.
 */

/** True for a YYYY-MM-DD string naming a day that exists (no 2025-02-30, which Date.parse accepts). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/**
 * The earliest date a record of something that happened (consent, an offer, an adverse event's
 * onset) may carry. The programme's software and the trial it follows are far later; a date
 * before this is a typing slip (1925 for 2025), not history.
 */
export const EARLIEST_EVENT_DATE = '2000-01-01'

export type DateProblem = { path: string; message: string }

/**
 * A date on which something already happened: a real calendar date, not after `today` (the
 * cohort's local date) and not before EARLIEST_EVENT_DATE. `what` names it in the message
 * ("the consent date").
 */
export function pastDateProblems(path: string, value: string, today: string, what: string): DateProblem[] {
  if (!isCalendarDate(value)) return [{ path, message: `Enter a real date for ${what} (YYYY-MM-DD).` }]
  if (value > today) return [{ path, message: `${capitalize(what)} cannot be in the future (today is ${today}).` }]
  if (value < EARLIEST_EVENT_DATE)
    return [{ path, message: `${capitalize(what)} cannot be before ${EARLIEST_EVENT_DATE}: check the year.` }]
  return []
}

function capitalize(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
