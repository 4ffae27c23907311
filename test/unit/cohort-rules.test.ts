import { describe, expect, test } from 'vitest'
import {
  consentDateProblems,
  cohortCreationProblems,
  START_DATE_YEARS_AHEAD,
  START_DATE_YEARS_BACK,
  startDateWindow,
  type CohortCreationInput,
} from '~/domain/cohort-rules'
import { isCalendarDate } from '~/domain/calendar-date'

const now = new Date('2026-11-23T15:00:00Z')
const good: CohortCreationInput = {
  startDate: '2026-12-01',
  mroccName: 'Cedar Group',
  rsName: 'Birch Group',
  mroccFacilitators: [1],
  rsFacilitators: [2, 3],
}
const context = { now, facilitatorIds: [1, 2, 3] }
const pathsOf = (input: Partial<CohortCreationInput>) =>
  cohortCreationProblems({ ...good, ...input }, context).map((p) => p.path)

describe('cohortCreationProblems', () => {
  test('a sound cohort has no problems', () => {
    expect(cohortCreationProblems(good, context)).toEqual([])
  })

  test.each(['2025-02-30', '2026-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '2026-1-1'])(
    '%s is not a calendar date',
    (startDate) => {
      expect(isCalendarDate(startDate)).toBe(false)
      expect(cohortCreationProblems({ ...good, startDate }, context)).toEqual([
        { path: 'startDate', message: 'Enter a real date for the start date.' },
      ])
    },
  )

  test('leap days exist in leap years only', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true)
    expect(isCalendarDate('2027-02-29')).toBe(false)
  })

  test(`accepts ${START_DATE_YEARS_BACK} year back to ${START_DATE_YEARS_AHEAD} years ahead, inclusive`, () => {
    expect(startDateWindow('2026-11-23')).toEqual({ earliest: '2025-11-23', latest: '2028-11-23' })
    expect(pathsOf({ startDate: '2025-11-23' })).toEqual([])
    expect(pathsOf({ startDate: '2028-11-23' })).toEqual([])
    expect(pathsOf({ startDate: '2025-11-22' })).toEqual(['startDate'])
    expect(pathsOf({ startDate: '2028-11-24' })).toEqual(['startDate'])
    expect(pathsOf({ startDate: '9999-12-31' })).toEqual(['startDate'])
    expect(pathsOf({ startDate: '1970-01-01' })).toEqual(['startDate'])
  })

  test('a window from 29 February lands on a real date', () => {
    expect(startDateWindow('2028-02-29')).toEqual({ earliest: '2027-02-28', latest: '2030-02-28' })
  })

  test('group names must differ (ignoring case and spaces) and say nothing about the programme', () => {
    expect(pathsOf({ rsName: ' cedar group ' })).toEqual(['rsName'])
    for (const name of ['Placebo Group', 'Trial B', 'Mindful Group', 'Twelve-step circle']) {
      const problems = cohortCreationProblems({ ...good, mroccName: name }, context)
      expect(
        problems.map((p) => p.path),
        name,
      ).toEqual(['mroccName'])
      expect(problems[0].message).toMatch(/Participants see this name/)
    }
  })

  test('each group has one or two facilitators, all from the list', () => {
    expect(pathsOf({ mroccFacilitators: [] })).toEqual(['mroccFacilitators'])
    expect(pathsOf({ rsFacilitators: [1, 2, 3] })).toEqual(['rsFacilitators'])
    expect(pathsOf({ rsFacilitators: [99] })).toEqual(['rsFacilitators'])
    expect(
      cohortCreationProblems({ ...good, rsFacilitators: [99] }, context).find((p) => p.path === 'rsFacilitators')
        ?.message,
    ).toBe('Choose facilitators from the list.')
  })

  test('reports every problem at once', () => {
    expect(
      pathsOf({
        startDate: '9999-12-31',
        mroccName: 'Trial',
        rsName: 'trial',
        mroccFacilitators: [],
        rsFacilitators: [7],
      }),
    ).toEqual(['startDate', 'mroccName', 'rsName', 'rsName', 'mroccFacilitators', 'rsFacilitators'])
  })
})

describe('consentDateProblems', () => {
  test('a consent date is a real day from two years back up to tomorrow (UTC slack)', () => {
    const today = '2026-11-23'
    expect(consentDateProblems('2026-11-23', today)).toEqual([])
    expect(consentDateProblems('2026-11-24', today)).toEqual([])
    expect(consentDateProblems('2024-11-23', today)).toEqual([])
    expect(consentDateProblems('2026-11-25', today)[0].message).toMatch(/future/)
    expect(consentDateProblems('9999-12-31', today)[0].message).toMatch(/future/)
    expect(consentDateProblems('2024-11-22', today)[0].message).toMatch(/2 years/)
    expect(consentDateProblems('0001-01-01', today)[0].message).toMatch(/2 years/)
    expect(consentDateProblems('2025-02-30', today)[0].message).toMatch(/real date/)
    // 29 February two years back becomes the 28th
    expect(consentDateProblems('2026-02-28', '2028-02-29')).toEqual([])
  })
})
