import { PROMIS_WEEKS } from './instruments'
import { closedWeeks, openSurveyWeeks } from './survey-window'
import { currentWeek, meetingDate, PROGRAMME_WEEKS, type CohortSchedule } from './schedule'

/**
 * The participant's check-in, as pure rules: which parts of the one form are acceptable, what
 * their past answers look like (with missed weeks), and the reply after an answer that reports use.
 */

export type Problem = { path?: string; message: string }

/** What is due now (`dueSurveys`) and which parts one submission carries, by week. */
export type Due = { weekly: number | null; promis: number | null }
export type SentParts = { weekly?: { week: number }; promis?: { week: number } }

/**
 * Whether one check-in submission can be saved (pure): it carries at least one part, and every
 * part it carries is the one due now (a week that has closed or been answered meanwhile is
 * refused with the reason). Messages are i18n keys (ADR 011). Empty when it can be saved.
 */
export function checkInProblems(due: Due, sent: SentParts): Problem[] {
  const problems: Problem[] = []
  if (!sent.weekly && !sent.promis)
    return [{ message: (due.weekly ?? due.promis) ? 'form.fixBelow' : 'checkIn.closed' }]
  if (sent.weekly && sent.weekly.week !== due.weekly) problems.push({ message: 'checkIn.closed' })
  if (sent.promis && sent.promis.week !== due.promis) problems.push({ message: 'checkIn.promisClosed' })
  return problems
}

export type WeeklyAnswer = {
  week: number
  cravingScore: number
  usedOpioids: boolean
  otherSubstances: Record<string, boolean>
}

/**
 * The answer just given for a check-in that is still open, when it reported opioid use: the page
 * then answers with the overdose-safety reply instead of a plain thank-you. Null otherwise.
 */
export function openAnswerReportingUse<T extends WeeklyAnswer>(answers: readonly T[], openWeeks: readonly number[]) {
  const open = answers.filter((a) => openWeeks.includes(a.week)).sort((a, b) => b.week - a.week)[0]
  return open && open.usedOpioids ? open : null
}

export type HistoryRow = {
  week: number
  /** the week's meeting day (YYYY-MM-DD), shown in words */
  date: string
  status: 'answered' | 'missed' | 'open'
  /** the craving score, one decimal; null when not answered */
  craving: number | null
  usedOpioids: boolean | null
  /** the other substances reported (ids), empty when none or not answered */
  otherSubstances: string[]
  /** a PROMIS week: whether those questions were answered (never their score); null otherwise */
  promisDone: boolean | null
}

/**
 * A participant's own check-in history (pure): one row per week from 1 up to the current week
 * (in week order), with missed weeks as rows of their own, so the chart leaves a gap for them.
 */
export function checkInHistory(input: {
  schedule: CohortSchedule
  graceDays: number
  now: Date
  weekly: readonly WeeklyAnswer[]
  promis: readonly { week: number }[]
}): HistoryRow[] {
  const { schedule, graceDays, now } = input
  const closed = new Set(closedWeeks(schedule, graceDays, now))
  const open = new Set(openSurveyWeeks(schedule, graceDays, now))
  const last = Math.min(PROGRAMME_WEEKS, Math.max(currentWeek(schedule, now), ...open, 0))
  const promisDone = (week: number) => (PROMIS_WEEKS.includes(week) ? input.promis.some((p) => p.week === week) : null)
  const rows: HistoryRow[] = []
  for (let week = 1; week <= last; week++) {
    const a = input.weekly.find((s) => s.week === week)
    const status = a ? 'answered' : closed.has(week) ? 'missed' : 'open'
    rows.push({
      week,
      date: meetingDate(schedule, week),
      status,
      craving: a ? Math.round(a.cravingScore * 10) / 10 : null,
      usedOpioids: a ? a.usedOpioids : null,
      otherSubstances: a
        ? Object.entries(a.otherSubstances)
            .filter(([, used]) => used)
            .map(([id]) => id)
        : [],
      promisDone: promisDone(week),
    })
  }
  return rows
}

/** The chart's series: one value per week 1…last, null (a gap) for a week without an answer. */
export function cravingSeries(rows: readonly HistoryRow[]): { weeks: number[]; values: (number | null)[] } {
  const ordered = [...rows].sort((a, b) => a.week - b.week)
  return { weeks: ordered.map((r) => r.week), values: ordered.map((r) => r.craving) }
}
