import { isCalendarDate } from './calendar-date'
import { TOX_CLASSES, TOX_RESULTS, type ToxResult } from './instruments'
import { addDays, meetingDate, PROGRAMME_WEEKS, type CohortSchedule } from './schedule'

/**
 * Oral toxicology's 2-week periods, from the cohort's schedule: period k runs from the day of
 * meeting 2k−1 to the day before meeting 2k+1 (period 1 from the cohort's start date; period 12
 * ends 13 days after meeting 23). A test belongs to the period its collection date falls in; it
 * is never chosen separately.
 */
export const TOX_PERIODS = PROGRAMME_WEEKS / 2

type Problem = { path?: string; message: string }

/**
 * Each schedule's periods, worked out once per schedule object: a cohort page asks for the same
 * 12 periods for every participant. Schedules are plain values never changed after they are made.
 */
const periodsOf = new WeakMap<CohortSchedule, { first: string; last: string }[]>()

/** The first and last local dates (YYYY-MM-DD, inclusive) of 2-week period `period`. */
export function toxPeriodDates(schedule: CohortSchedule, period: number): { first: string; last: string } {
  if (!Number.isInteger(period) || period < 1 || period > TOX_PERIODS) throw new RangeError('period must be 1–12')
  let periods = periodsOf.get(schedule)
  if (!periods) {
    periods = []
    periodsOf.set(schedule, periods)
  }
  if (!periods[period]) {
    const start = meetingDate(schedule, period * 2 - 1)
    periods[period] = { first: period === 1 ? schedule.startDate : start, last: addDays(start, 13) }
  }
  return { ...periods[period] }
}

export type ToxPeriodOfDate = { period: number; problem?: undefined } | { period?: undefined; problem: string }

/**
 * The 2-week period a collection date falls in, or why it falls in none ("outside the
 * programme"): before the cohort's start date or after its last period ended.
 */
export function toxPeriodOfDate(schedule: CohortSchedule, collectedOn: string): ToxPeriodOfDate {
  if (!isCalendarDate(collectedOn)) return { problem: 'Enter a real date as YYYY-MM-DD (for example 2026-03-09).' }
  if (collectedOn < schedule.startDate)
    return {
      problem: `This date is outside the programme: the cohort starts on ${schedule.startDate}. Check the collection date.`,
    }
  const end = toxPeriodDates(schedule, TOX_PERIODS).last
  if (collectedOn > end)
    return {
      problem: `This date is outside the programme: its last 2-week period ended on ${end}. Check the collection date.`,
    }
  for (let period = 1; period <= TOX_PERIODS; period++)
    if (collectedOn <= toxPeriodDates(schedule, period).last) return { period }
  /* c8 ignore next */
  return { problem: 'This date is outside the programme.' }
}

/**
 * Whether a collection can be recorded, and its period: a real date, not after `today` (the
 * cohort's local date), inside the programme, and not after the person left (`leftOn`, local
 * date, if they did). Every substance class on the panel must have a result chosen.
 */
export function toxRecordProblems(input: {
  schedule: CohortSchedule
  today: string
  collectedOn: string
  leftOn: string | null
  results: Readonly<Record<string, unknown>>
}): { problems: Problem[]; period: number | null } {
  const problems: Problem[] = []
  let period: number | null = null
  if (!isCalendarDate(input.collectedOn))
    problems.push({ path: 'collectedOn', message: 'Enter a real date as YYYY-MM-DD (for example 2026-03-09).' })
  else if (input.collectedOn > input.today)
    problems.push({ path: 'collectedOn', message: 'The collection date cannot be in the future.' })
  else if (input.leftOn && input.collectedOn > input.leftOn)
    problems.push({
      path: 'collectedOn',
      message: `This person left the programme on ${input.leftOn}; a later collection cannot be recorded.`,
    })
  else {
    const p = toxPeriodOfDate(input.schedule, input.collectedOn)
    if (p.problem !== undefined) problems.push({ path: 'collectedOn', message: p.problem })
    else period = p.period
  }
  TOX_CLASSES.forEach((c, i) => {
    if (!TOX_RESULTS.includes(input.results[c] as ToxResult))
      problems.push({ path: `results[${i}]`, message: `Choose negative or positive for ${c}.` })
  })
  return { problems, period: problems.length ? null : period }
}

/**
 * The 2-week periods that have ended (their last day is before `today`) with no test recorded:
 * every test is expected once per period. A period is not expected of someone who left
 * (`leftOn`) on or before its last day.
 */
export function missingToxPeriods(
  schedule: CohortSchedule,
  today: string,
  testedPeriods: Iterable<number>,
  leftOn: string | null,
): number[] {
  const tested = new Set(testedPeriods)
  const out: number[] = []
  for (let period = 1; period <= TOX_PERIODS; period++) {
    const { last } = toxPeriodDates(schedule, period)
    if (last >= today) break
    if (leftOn && leftOn <= last) break
    if (!tested.has(period)) out.push(period)
  }
  return out
}

/** "2 (weeks 3–4)" */
export function describeToxPeriod(period: number) {
  return `${period} (weeks ${period * 2 - 1}–${period * 2})`
}
