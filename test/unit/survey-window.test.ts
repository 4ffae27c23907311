import { describe, expect, test } from 'vitest'
import {
  closedWeeks,
  dueSurveys,
  isWindowOpen,
  openPromisWeeks,
  openSurveyWeeks,
  surveyWindow,
} from '~/domain/survey-window'
import type { CohortSchedule } from '~/domain/schedule'

// Tuesdays 18:00 New York; week 1 = 2026-10-06, week 5 = 2026-11-03 (after the DST change).
const cohort: CohortSchedule = { startDate: '2026-10-06', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
const at = (iso: string) => new Date(iso)

describe('weekly survey window', () => {
  test('opens the day before the meeting and closes after the grace days', () => {
    expect(surveyWindow(cohort, 1, 2)).toEqual({ opens: '2026-10-05', closes: '2026-10-08' })
    expect(surveyWindow(cohort, 5, 0)).toEqual({ opens: '2026-11-02', closes: '2026-11-03' })
  })

  test('uses the cohort’s calendar day, not UTC', () => {
    // 2026-10-05 03:30 UTC is still 4 October in New York: not open yet.
    expect(isWindowOpen(cohort, 1, 2, at('2026-10-05T03:30:00Z'))).toBe(false)
    // 2026-10-05 04:30 UTC is 00:30 on 5 October in New York: open.
    expect(isWindowOpen(cohort, 1, 2, at('2026-10-05T04:30:00Z'))).toBe(true)
  })

  test('a missed week stays missed once the grace window has passed', () => {
    const now = at('2026-10-09T16:00:00Z') // Friday after week 1, grace 2 days → closed on the 8th
    expect(isWindowOpen(cohort, 1, 2, now)).toBe(false)
    expect(closedWeeks(cohort, 2, now)).toEqual([1])
    expect(openSurveyWeeks(cohort, 2, now)).toEqual([])
  })

  test('staff can widen the grace window', () => {
    const now = at('2026-10-09T16:00:00Z')
    expect(openSurveyWeeks(cohort, 3, now)).toEqual([1])
  })

  test('with a long grace window two weeks can be open at once, latest first', () => {
    expect(openSurveyWeeks(cohort, 7, at('2026-10-12T16:00:00Z'))).toEqual([2, 1])
  })
})

describe('PROMIS windows (weeks 0, 8, 16, 24)', () => {
  test('week 0 is open in the two weeks before the first meeting', () => {
    expect(openPromisWeeks(cohort, 2, at('2026-09-25T16:00:00Z'))).toEqual([0])
    expect(openPromisWeeks(cohort, 2, at('2026-09-20T16:00:00Z'))).toEqual([])
  })

  test('week 8 opens with the week-8 survey, and not in week 7', () => {
    expect(surveyWindow(cohort, 8, 2)).toEqual({ opens: '2026-11-23', closes: '2026-11-26' })
    expect(openPromisWeeks(cohort, 2, at('2026-11-23T15:00:00Z'))).toEqual([8])
    expect(openPromisWeeks(cohort, 2, at('2026-11-17T15:00:00Z'))).toEqual([])
  })
})

describe('dueSurveys: which check-in is due (one rule for the home page and the check-in page)', () => {
  const none = { weekly: [], promis: [] }
  const due = (now: string, done: { weekly: { week: number }[]; promis: { week: number }[] } = none, graceDays = 2) =>
    dueSurveys({ schedule: cohort, graceDays, now: at(now), done })

  test('nothing is due between windows', () => {
    // Saturday 10 October: week 1 closed on the 8th, week 2 opens on the 12th.
    expect(due('2026-10-10T16:00:00Z')).toEqual({ weekly: null, promis: null })
  })

  test('the open week is due until it is answered', () => {
    expect(due('2026-10-13T16:00:00Z')).toEqual({ weekly: 2, promis: null })
    expect(due('2026-10-13T16:00:00Z', { weekly: [{ week: 2 }], promis: [] })).toEqual({ weekly: null, promis: null })
  })

  test('with two weeks open, the latest unanswered one is due first, then the earlier one', () => {
    const now = '2026-10-12T16:00:00Z'
    expect(due(now, none, 7).weekly).toBe(2)
    expect(due(now, { weekly: [{ week: 2 }], promis: [] }, 7).weekly).toBe(1)
    expect(due(now, { weekly: [{ week: 1 }, { week: 2 }], promis: [] }, 7).weekly).toBeNull()
  })

  test('a missed week is never due again once its window has closed', () => {
    expect(due('2026-10-09T16:00:00Z').weekly).toBeNull()
  })

  test('PROMIS is due in its own weeks only, and not once answered', () => {
    expect(due('2026-09-25T16:00:00Z')).toEqual({ weekly: null, promis: 0 })
    expect(due('2026-09-25T16:00:00Z', { weekly: [], promis: [{ week: 0 }] }).promis).toBeNull()
    // Week 8 (24 November): the weekly survey and PROMIS are both due.
    expect(due('2026-11-24T15:00:00Z')).toEqual({ weekly: 8, promis: 8 })
    expect(due('2026-11-24T15:00:00Z', { weekly: [{ week: 8 }], promis: [{ week: 0 }] })).toEqual({
      weekly: null,
      promis: 8,
    })
  })

  test('answers to other weeks do not count for the open one', () => {
    expect(due('2026-10-13T16:00:00Z', { weekly: [{ week: 1 }, { week: 3 }], promis: [] }).weekly).toBe(2)
  })
})
