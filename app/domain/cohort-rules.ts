import { blindingWordsIn } from './blinding'
import { isCalendarDate } from './calendar-date'

/**
 * Whether a new cohort can be created as submitted. Both groups take the cohort's weekday and
 * time (structural: a cohort has one schedule), so there is nothing to compare there; these are
 * the checks the form's shape alone cannot make.
 */

export type Problem = { path?: string; message: string }

/** A start date is accepted from this many years before today… */
export const START_DATE_YEARS_BACK = 1
/** …up to this many years after today. */
export const START_DATE_YEARS_AHEAD = 2

export type CohortCreationInput = {
  startDate: string
  mroccName: string
  rsName: string
  mroccFacilitators: readonly number[]
  rsFacilitators: readonly number[]
}

/** The same month and day `years` later (or earlier), 29 February becoming the 28th when needed. */
function shiftYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years
  const monthDay = date.slice(5)
  const shifted = `${String(year).padStart(4, '0')}-${monthDay}`
  return isCalendarDate(shifted) ? shifted : `${String(year).padStart(4, '0')}-02-28`
}

/** The earliest and latest start dates accepted on `today` (YYYY-MM-DD), inclusive. */
export function startDateWindow(today: string): { earliest: string; latest: string } {
  return { earliest: shiftYears(today, -START_DATE_YEARS_BACK), latest: shiftYears(today, START_DATE_YEARS_AHEAD) }
}

export function startDateProblems(startDate: string, today: string): Problem[] {
  if (!isCalendarDate(startDate)) return [{ path: 'startDate', message: 'Enter a real date for the start date.' }]
  const { earliest, latest } = startDateWindow(today)
  if (startDate < earliest || startDate > latest)
    return [
      {
        path: 'startDate',
        message: `Choose a start date between ${earliest} and ${latest}.`,
      },
    ]
  return []
}

/** Participants see their group's name: it must say nothing about either programme. */
export function groupNameProblems(name: string): string[] {
  return blindingWordsIn(name)
}

export function cohortCreationProblems(
  input: CohortCreationInput,
  context: { now: Date; facilitatorIds: readonly number[] },
): Problem[] {
  const problems: Problem[] = [...startDateProblems(input.startDate, context.now.toISOString().slice(0, 10))]
  const names = { mroccName: input.mroccName, rsName: input.rsName }
  for (const [path, name] of Object.entries(names)) {
    const words = groupNameProblems(name)
    if (words.length)
      problems.push({
        path,
        message: `Participants see this name: leave out “${words.join('”, “')}” and use neutral names that say nothing about the programme (e.g. Cedar Group).`,
      })
  }
  if (input.mroccName.trim().toLowerCase() === input.rsName.trim().toLowerCase())
    problems.push({ path: 'rsName', message: 'The two groups need different names.' })
  const allowed = new Set(context.facilitatorIds)
  for (const path of ['mroccFacilitators', 'rsFacilitators'] as const) {
    const chosen = input[path]
    if (chosen.length < 1 || chosen.length > 2) problems.push({ path, message: 'Choose one or two facilitators.' })
    else if (!chosen.every((id) => allowed.has(id)))
      problems.push({ path, message: 'Choose facilitators from the list.' })
  }
  return problems
}

/** A consent date is accepted up to this many years before today (screening rarely takes longer). */
export const CONSENT_DATE_YEARS_BACK = 2

/**
 * Whether a consent date is plausible on `today` (YYYY-MM-DD, UTC): a real day, not in the future
 * (one day of slack for time zones ahead of UTC), and not more than two years back. A consent
 * recorded as 9999-12-31 or 0001-01-01 is a typing slip, not a fact.
 */
export function consentDateProblems(consentedAt: string, today: string): Problem[] {
  if (!isCalendarDate(consentedAt)) return [{ path: 'consentedAt', message: 'Enter a real date for the consent date.' }]
  const [year, month, day] = today.split('-').map(Number)
  const tomorrow = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10)
  if (consentedAt > tomorrow) return [{ path: 'consentedAt', message: 'The consent date cannot be in the future.' }]
  const earliest = shiftYears(today, -CONSENT_DATE_YEARS_BACK)
  if (consentedAt < earliest)
    return [
      {
        path: 'consentedAt',
        message: `Consent more than ${CONSENT_DATE_YEARS_BACK} years ago (before ${earliest}) cannot be used: check the date, or re-consent.`,
      },
    ]
  return []
}
