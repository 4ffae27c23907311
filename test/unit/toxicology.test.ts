import { describe, expect, test } from 'vitest'
import { TOX_CLASSES } from '~/domain/instruments'
import { missingToxPeriods, toxPeriodDates, toxPeriodOfDate, toxRecordProblems } from '~/domain/toxicology'

// Starts Wednesday 2026-09-02; meetings on Tuesdays: week 1 = 2026-09-08, week 3 = 09-22, week 23 = 2027-02-09.
const SCHEDULE = { startDate: '2026-09-02', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
const ALL_NEGATIVE = Object.fromEntries(TOX_CLASSES.map((c) => [c, 'negative']))

describe('toxicology periods come from the collection date and the cohort schedule', () => {
  test('period dates: 1 from the start date, then two weeks from meeting 2k−1', () => {
    expect(toxPeriodDates(SCHEDULE, 1)).toEqual({ first: '2026-09-02', last: '2026-09-21' })
    expect(toxPeriodDates(SCHEDULE, 2)).toEqual({ first: '2026-09-22', last: '2026-10-05' })
    expect(toxPeriodDates(SCHEDULE, 12)).toEqual({ first: '2027-02-09', last: '2027-02-22' })
    expect(() => toxPeriodDates(SCHEDULE, 13)).toThrow(RangeError)
  })

  test('a date maps to exactly one period, on the boundaries too', () => {
    expect(toxPeriodOfDate(SCHEDULE, '2026-09-02')).toEqual({ period: 1 })
    expect(toxPeriodOfDate(SCHEDULE, '2026-09-08')).toEqual({ period: 1 })
    expect(toxPeriodOfDate(SCHEDULE, '2026-09-21')).toEqual({ period: 1 })
    expect(toxPeriodOfDate(SCHEDULE, '2026-09-22')).toEqual({ period: 2 })
    expect(toxPeriodOfDate(SCHEDULE, '2027-02-22')).toEqual({ period: 12 })
  })

  test('outside the programme is refused with a clear message', () => {
    expect(toxPeriodOfDate(SCHEDULE, '2026-09-01').problem).toBe(
      'This date is outside the programme: the cohort starts on 2026-09-02. Check the collection date.',
    )
    expect(toxPeriodOfDate(SCHEDULE, '2027-02-23').problem).toBe(
      'This date is outside the programme: its last 2-week period ended on 2027-02-22. Check the collection date.',
    )
    expect(toxPeriodOfDate(SCHEDULE, '2026-02-30').problem).toMatch(/real date/)
  })
})

describe('toxRecordProblems', () => {
  const base = { schedule: SCHEDULE, today: '2026-10-01', leftOn: null, results: ALL_NEGATIVE }

  test('a good record gets its period', () => {
    expect(toxRecordProblems({ ...base, collectedOn: '2026-09-29' })).toEqual({ problems: [], period: 2 })
  })

  test('real calendar dates only, never in the future, never before the start', () => {
    const problemOf = (collectedOn: string) => toxRecordProblems({ ...base, collectedOn }).problems[0]?.message
    expect(problemOf('2026-09-31')).toMatch(/real date/)
    expect(problemOf('29/09/2026')).toMatch(/real date/)
    expect(problemOf('2026-10-02')).toBe('The collection date cannot be in the future.')
    expect(problemOf('2026-08-30')).toMatch(/outside the programme: the cohort starts on 2026-09-02/)
    expect(toxRecordProblems({ ...base, collectedOn: '2026-10-02' })).toMatchObject({ period: null })
  })

  test('not after the person left', () => {
    expect(toxRecordProblems({ ...base, leftOn: '2026-09-20', collectedOn: '2026-09-25' }).problems).toEqual([
      {
        path: 'collectedOn',
        message: 'This person left the programme on 2026-09-20; a later collection cannot be recorded.',
      },
    ])
  })

  test('every substance must have a result chosen: nothing defaults to negative', () => {
    const { opioids: _o, ...missingOpioids } = ALL_NEGATIVE
    const r = toxRecordProblems({ ...base, collectedOn: '2026-09-29', results: { ...missingOpioids, cocaine: '' } })
    expect(r.period).toBeNull()
    expect(r.problems).toEqual([
      { path: 'results[0]', message: 'Choose negative or positive for opioids.' },
      { path: 'results[5]', message: 'Choose negative or positive for cocaine.' },
    ])
  })
})

describe('missingToxPeriods: ended periods with no test', () => {
  test('only periods whose last day is before today', () => {
    expect(missingToxPeriods(SCHEDULE, '2026-09-21', [], null)).toEqual([]) // period 1 ends today
    expect(missingToxPeriods(SCHEDULE, '2026-09-22', [], null)).toEqual([1])
    expect(missingToxPeriods(SCHEDULE, '2026-10-20', [2], null)).toEqual([1, 3])
    expect(missingToxPeriods(SCHEDULE, '2027-06-01', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], null)).toEqual([12])
  })

  test('nothing is expected of someone who left before a period ended', () => {
    expect(missingToxPeriods(SCHEDULE, '2026-11-30', [1], '2026-10-05')).toEqual([]) // left on period 2's last day
    expect(missingToxPeriods(SCHEDULE, '2026-11-30', [1], '2026-10-06')).toEqual([2])
  })
})
