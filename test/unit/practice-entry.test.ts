import { describe, expect, test } from 'vitest'
import { earliestPracticeDate, practiceEntryProblems, PRACTICE_LOG_DAYS, repeatedEntry } from '~/domain/practice-entry'

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
    expect(problems('breath-awareness', '2026-09-28')).toEqual([{ path: 'date', message: 'form.dateTooEarly' }])
  })

  test('a future date is refused', () => {
    expect(problems('breath-awareness', '2026-11-24')).toEqual([{ path: 'date', message: 'form.dateInFuture' }])
  })

  test("a guide of the other group (or none at all) is refused, with the date's problem too", () => {
    expect(problems('urge-surfing', '2027-01-01')).toEqual([
      { path: 'practiceSlug', message: 'form.choosePracticeFromList' },
      { path: 'date', message: 'form.dateInFuture' },
    ])
  })
})

describe('repeatedEntry: a second identical tap within a minute is the first entry', () => {
  const first = {
    id: 7,
    practiceSlug: 'breath-awareness',
    date: '2026-11-23',
    minutes: 10,
    createdAt: '2026-11-23T16:00:00.000Z',
  }
  const entry = { practiceSlug: 'breath-awareness', date: '2026-11-23', minutes: 10 }
  test('same guide, day and minutes within a minute: the earlier entry', () => {
    expect(repeatedEntry([first], entry, new Date('2026-11-23T16:00:30Z'))).toBe(first)
  })
  test('a minute or more later, or any difference, is a new practice', () => {
    expect(repeatedEntry([first], entry, new Date('2026-11-23T16:01:00Z'))).toBeNull()
    expect(repeatedEntry([first], { ...entry, minutes: 15 }, new Date('2026-11-23T16:00:10Z'))).toBeNull()
    expect(repeatedEntry([first], { ...entry, date: '2026-11-22' }, new Date('2026-11-23T16:00:10Z'))).toBeNull()
    expect(
      repeatedEntry([first], { ...entry, practiceSlug: 'stop-pause' }, new Date('2026-11-23T16:00:10Z')),
    ).toBeNull()
    expect(repeatedEntry([], entry, new Date('2026-11-23T16:00:10Z'))).toBeNull()
  })
})
