import { describe, expect, test } from 'vitest'
import { earliestPracticeDate, practiceEntryProblems, PRACTICE_LOG_DAYS } from '~/domain/practice-entry'

const today = '2026-11-23'
const ownSlugs = ['breath-awareness', 'sitting-practice']
const problems = (practiceSlug: string, date?: string) =>
  practiceEntryProblems({ entry: { practiceSlug, date }, today, ownSlugs })

describe('practiceEntryProblems: an own guide, from the last 8 weeks up to today', () => {
  test('an own guide today or on the earliest allowed day is accepted', () => {
    expect(problems('breath-awareness', today)).toEqual([])
    expect(problems('sitting-practice', earliestPracticeDate(today))).toEqual([])
    expect(problems('sitting-practice')).toEqual([]) // the quick log: today by definition
  })

  test('the window is 8 weeks: today and the 55 days before', () => {
    expect(PRACTICE_LOG_DAYS).toBe(56)
    expect(earliestPracticeDate(today)).toBe('2026-09-29')
    expect(problems('breath-awareness', '2026-09-28')).toEqual([
      { path: 'date', message: 'You can log practices from the last 8 weeks.' },
    ])
  })

  test('a future date is refused', () => {
    expect(problems('breath-awareness', '2026-11-24')).toEqual([
      { path: 'date', message: 'The date cannot be in the future.' },
    ])
  })

  test("a guide of the other group (or none at all) is refused, with the date's problem too", () => {
    expect(problems('urge-surfing', '2027-01-01')).toEqual([
      { path: 'practiceSlug', message: 'Choose a practice from the list.' },
      { path: 'date', message: 'The date cannot be in the future.' },
    ])
  })
})
