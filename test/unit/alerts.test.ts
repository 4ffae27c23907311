import { describe, expect, test } from 'vitest'
import {
  alertsFor,
  endedPeriodsWithoutTox,
  missedSessionAlerts,
  missedSurveyAlerts,
  noToxAlerts,
  type AlertInput,
} from '~/domain/alerts'

/**
 * Staff alerts (issue 13), hand-computed. The cohort meets Tuesdays 18:00 New York time from
 * 2026-09-01: week 1 Sep 1, week 2 Sep 8, week 3 Sep 15, week 4 Sep 22, week 5 Sep 29. Survey
 * grace 2 days: week N's survey closes at the end of its meeting day + 2 (week 4: Sep 24).
 */
const schedule = { startDate: '2026-09-01', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
const input = (over: Partial<AlertInput> = {}): AlertInput => ({
  participantId: 12,
  schedule,
  graceDays: 2,
  sessions: [],
  weeklyDone: [],
  testedPeriods: [],
  seriousEvents: [],
  ...over,
})

describe('missed two sessions in a row', () => {
  test('one alert per run of absences, keyed by its first week', () => {
    const sessions = [
      { week: 1, status: 'present' },
      { week: 2, status: 'absent' },
      { week: 3, status: 'absent' },
      { week: 4, status: 'absent' },
      { week: 5, status: 'late' },
      { week: 6, status: 'absent' },
      { week: 7, status: 'excused' },
      { week: 8, status: 'absent' },
      { week: 9, status: 'absent' },
      // week 10 was cancelled: not a session, so 9 and 11 are in a row
      { week: 11, status: 'absent' },
      { week: 12, status: null },
      { week: 13, status: 'absent' },
    ] as const
    expect(missedSessionAlerts({ participantId: 12, sessions })).toEqual([
      { key: 'missed_sessions:12:w2', kind: 'missed_sessions', participantId: 12, detail: 'Absent weeks 2–4' },
      { key: 'missed_sessions:12:w8', kind: 'missed_sessions', participantId: 12, detail: 'Absent weeks 8–11' },
    ])
  })

  test('a single absence, or absences split by an excused week or an unrecorded one, is no alert', () => {
    const sessions = [
      { week: 1, status: 'absent' },
      { week: 2, status: 'excused' },
      { week: 3, status: 'absent' },
      { week: 4, status: null },
      { week: 5, status: 'absent' },
    ] as const
    expect(missedSessionAlerts({ participantId: 12, sessions })).toEqual([])
  })
})

describe('missed two weekly surveys in a row', () => {
  const friday = new Date('2026-09-25T16:00:00Z') // weeks 1–4 closed
  test('two closed, unanswered weeks in a row', () => {
    expect(missedSurveyAlerts(input({ weeklyDone: [1, 4] }), friday)).toEqual([
      { key: 'missed_surveys:12:w2', kind: 'missed_surveys', participantId: 12, detail: 'No survey for weeks 2–3' },
    ])
  })
  test('gaps that are not in a row, and a window still open, are no alert', () => {
    expect(missedSurveyAlerts(input({ weeklyDone: [1, 3] }), friday)).toEqual([])
    // On Sep 24 week 4's window is still open: only week 3 is closed and missed.
    expect(missedSurveyAlerts(input({ weeklyDone: [1, 2] }), new Date('2026-09-24T16:00:00Z'))).toEqual([])
    expect(missedSurveyAlerts(input({ weeklyDone: [1, 2] }), friday)).toHaveLength(1)
  })
})

describe('a 2-week period with no toxicology test', () => {
  test('a period counts once it has ended (week 2p+1 has begun, cohort time)', () => {
    // Sep 15 04:00Z is still Sep 14 in New York: period 1 (weeks 1–2) has not ended.
    expect(endedPeriodsWithoutTox(schedule, new Date('2026-09-15T03:59:00Z'), [])).toEqual([])
    expect(endedPeriodsWithoutTox(schedule, new Date('2026-09-15T04:00:00Z'), [])).toEqual([1])
    expect(endedPeriodsWithoutTox(schedule, new Date('2026-09-29T16:00:00Z'), [2])).toEqual([1])
    expect(endedPeriodsWithoutTox(schedule, new Date('2026-09-29T16:00:00Z'), [1, 2])).toEqual([])
    // After the programme: all twelve.
    expect(endedPeriodsWithoutTox(schedule, new Date('2027-06-01T16:00:00Z'), [])).toHaveLength(12)
  })
  test('the alert names the period', () => {
    expect(noToxAlerts(input(), new Date('2026-09-15T16:00:00Z'))).toEqual([
      { key: 'no_tox:12:p1', kind: 'no_tox', participantId: 12, detail: 'Period 1 (weeks 1–2)' },
    ])
  })
})

describe('all rules together', () => {
  test('a serious adverse event, plus the others, each with a stable key', () => {
    const now = new Date('2026-09-25T16:00:00Z')
    const alerts = alertsFor(
      input({
        seriousEvents: [{ id: 40, onsetDate: '2026-09-20' }],
        sessions: [
          { week: 3, status: 'absent' },
          { week: 4, status: 'absent' },
        ],
        weeklyDone: [1, 2],
        testedPeriods: [1],
      }),
      now,
    )
    expect(alerts.map((a) => a.key)).toEqual(['serious_ae:12:ae40', 'missed_sessions:12:w3', 'missed_surveys:12:w3'])
    // Same records, same moment: the same keys (so an acknowledgement sticks).
    expect(alertsFor(input({ seriousEvents: [{ id: 40, onsetDate: '2026-09-20' }] }), now).map((a) => a.key)).toContain(
      'serious_ae:12:ae40',
    )
  })
})
