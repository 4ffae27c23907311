import { localDate, meetingDate, PROGRAMME_WEEKS, type CohortSchedule } from './schedule'
import { closedWeeks } from './survey-window'

/**
 * Alerts for staff (issue 13), as pure rules over one participant's records: two sessions missed
 * in a row, two weekly surveys missed in a row, a serious adverse event, a 2-week period that
 * ended with no toxicology test. An alert has a stable key, so an acknowledgement (with a note)
 * sticks to it; a new run of absences later is a new alert.
 */
export const ALERT_KINDS = ['missed_sessions', 'missed_surveys', 'serious_ae', 'no_tox'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export const ALERT_LABEL: Record<AlertKind, string> = {
  missed_sessions: 'Missed two sessions in a row',
  missed_surveys: 'Missed two weekly surveys in a row',
  serious_ae: 'Serious adverse event reported',
  no_tox: 'A 2-week period ended with no toxicology test',
}

export type AlertInput = {
  participantId: number
  schedule: CohortSchedule
  graceDays: number
  /** the group's meetings that took place, with this participant's attendance (null: not recorded) */
  sessions: readonly { week: number; status: 'present' | 'late' | 'excused' | 'absent' | null }[]
  /** weeks whose weekly survey was answered */
  weeklyDone: readonly number[]
  /** 2-week periods (1–12) with at least one toxicology result */
  testedPeriods: readonly number[]
  seriousEvents: readonly { id: number; onsetDate: string }[]
}

export type Alert = {
  key: string
  kind: AlertKind
  participantId: number
  /** for staff: which weeks, period or event (no clinical detail) */
  detail: string
}

/** Maximal runs of consecutive items (by `next`) of length ≥ 2, as [first, last]. */
function runsOfTwoOrMore(items: readonly number[], isNext: (a: number, b: number) => boolean): [number, number][] {
  const runs: [number, number][] = []
  let start = 0
  for (let i = 1; i <= items.length; i++) {
    if (i < items.length && isNext(items[i - 1], items[i])) continue
    if (i - start >= 2) runs.push([items[start], items[i - 1]])
    start = i
  }
  return runs
}

const weeks = (a: number, b: number) => (a === b ? `week ${a}` : `weeks ${a}–${b}`)

/**
 * Absent from two sessions in a row: consecutive meetings the group held (a cancelled meeting is
 * not a session, so it neither counts nor breaks a run). Excused absences and unrecorded
 * attendance are not counted as missed, and break a run.
 */
export function missedSessionAlerts(input: Pick<AlertInput, 'participantId' | 'sessions'>): Alert[] {
  const held = [...input.sessions].sort((a, b) => a.week - b.week)
  const absentIdx = held.flatMap((s, i) => (s.status === 'absent' ? [i] : []))
  return runsOfTwoOrMore(absentIdx, (a, b) => b === a + 1).map(([first, last]) => ({
    key: `missed_sessions:${input.participantId}:w${held[first].week}`,
    kind: 'missed_sessions',
    participantId: input.participantId,
    detail: `Absent ${weeks(held[first].week, held[last].week)}`,
  }))
}

/** Two consecutive weeks whose survey window has closed without an answer. */
export function missedSurveyAlerts(
  input: Pick<AlertInput, 'participantId' | 'schedule' | 'graceDays' | 'weeklyDone'>,
  now: Date,
): Alert[] {
  const done = new Set(input.weeklyDone)
  const missed = memo(`closed|${scheduleKey(input.schedule)}|${input.graceDays}|${now.getTime()}`, () =>
    closedWeeks(input.schedule, input.graceDays, now),
  ).filter((w) => !done.has(w))
  return runsOfTwoOrMore(missed, (a, b) => b === a + 1).map(([first, last]) => ({
    key: `missed_surveys:${input.participantId}:w${first}`,
    kind: 'missed_surveys',
    participantId: input.participantId,
    detail: `No survey for ${weeks(first, last)}`,
  }))
}

export function seriousEventAlerts(input: Pick<AlertInput, 'participantId' | 'seriousEvents'>): Alert[] {
  return input.seriousEvents.map((e) => ({
    key: `serious_ae:${input.participantId}:ae${e.id}`,
    kind: 'serious_ae',
    participantId: input.participantId,
    detail: `Onset ${e.onsetDate}`,
  }))
}

/**
 * 2-week periods that have ended (period p = weeks 2p−1 and 2p; it ends when week 2p+1 begins,
 * in the cohort's zone) with no toxicology result.
 */
export function endedPeriodsWithoutTox(
  schedule: CohortSchedule,
  now: Date,
  testedPeriods: readonly number[],
): number[] {
  const tested = new Set(testedPeriods)
  return memo(`ended|${scheduleKey(schedule)}|${now.getTime()}`, () => endedPeriods(schedule, now)).filter(
    (p) => !tested.has(p),
  )
}

function endedPeriods(schedule: CohortSchedule, now: Date): number[] {
  const today = localDate(now, schedule.timeZone)
  const out: number[] = []
  for (let p = 1; p <= PROGRAMME_WEEKS / 2 && today >= meetingDate(schedule, 2 * p + 1); p++) out.push(p)
  return out
}

/**
 * Results that depend only on a cohort's schedule and the moment are shared by its participants
 * (a run over thousands of people computes them once per cohort). Bounded; never stale, since
 * the key holds every input.
 */
const cache = new Map<string, number[]>()
function memo(key: string, compute: () => number[]): number[] {
  let value = cache.get(key)
  if (!value) {
    if (cache.size > 10_000) cache.clear()
    cache.set(key, (value = compute()))
  }
  return value
}
const scheduleKey = (c: CohortSchedule) => `${c.startDate}|${c.weekday}|${c.startTime}|${c.timeZone}`

export function noToxAlerts(
  input: Pick<AlertInput, 'participantId' | 'schedule' | 'testedPeriods'>,
  now: Date,
): Alert[] {
  return endedPeriodsWithoutTox(input.schedule, now, input.testedPeriods).map((p) => ({
    key: `no_tox:${input.participantId}:p${p}`,
    kind: 'no_tox',
    participantId: input.participantId,
    detail: `Period ${p} (${weeks(2 * p - 1, 2 * p)})`,
  }))
}

/** Every alert of one participant, now. */
export function alertsFor(input: AlertInput, now: Date): Alert[] {
  return [
    ...seriousEventAlerts(input),
    ...missedSessionAlerts(input),
    ...missedSurveyAlerts(input, now),
    ...noToxAlerts(input, now),
  ]
}

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(value)
}
