import { describe, expect, test } from 'vitest'
import { EARLIEST_EVENT_DATE, isCalendarDate, pastDateProblems } from '~/domain/calendar-date'

describe('isCalendarDate', () => {
  test.each(['2025-02-30', '2026-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '2026-1-1', '', 'soon'])(
    '%s is not a calendar date',
    (value) => expect(isCalendarDate(value)).toBe(false),
  )
  test.each(['2028-02-29', '2026-12-31', '2000-01-01', '9999-12-31'])('%s is a calendar date', (value) =>
    expect(isCalendarDate(value)).toBe(true),
  )
})

describe('pastDateProblems: a date on which something already happened', () => {
  const today = '2026-11-23'
  const check = (value: string) => pastDateProblems('onsetDate', value, today, 'the onset date')

  test('today and earlier real dates are accepted, down to the earliest bound', () => {
    expect(check(today)).toEqual([])
    expect(check('2026-02-28')).toEqual([])
    expect(check(EARLIEST_EVENT_DATE)).toEqual([])
  })

  test('an impossible date is refused beside its field', () => {
    expect(check('2025-02-30')).toEqual([{ path: 'onsetDate', message: expect.stringMatching(/real date/) }])
  })

  test('tomorrow is in the future', () => {
    expect(check('2026-11-24')).toEqual([
      { path: 'onsetDate', message: 'The onset date cannot be in the future (today is 2026-11-23).' },
    ])
    expect(check('9999-12-31')[0].message).toMatch(/future/)
  })

  test('a date before the bound is a typing slip', () => {
    expect(check('1999-12-31')[0].message).toMatch(/before 2000-01-01/)
    expect(check('1925-11-23')).toHaveLength(1)
  })
})
