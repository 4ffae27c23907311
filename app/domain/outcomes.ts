import { ADHERENCE_THRESHOLD, isAttended } from './adherence'
import type { Decision } from './continuation'
import { PROMIS_WEEKS, type TOX_CLASSES } from './instruments'
import {
  currentWeek,
  periodOfWeek,
  PRIMARY_OUTCOME_PERIODS,
  PROGRAMME_WEEKS,
  weeksOfPeriod,
  type CohortSchedule,
} from './schedule'

/**
 * Trial outcomes computed from the records: pure functions, values in, values out.
 * The rules are stated in docs/decisions/010-primary-outcome-definitions.md.
 */

type ToxClass = (typeof TOX_CLASSES)[number]

/** The prescribed medication: never counts as use, whatever the outcome. */
export const PRESCRIBED_MEDICATION: ToxClass = 'buprenorphine'

/**
 * Panel classes that count as illicit opioid use. `opioids` is the opiate class (morphine,
 * codeine, and heroin through its metabolites: the panel has no separate 6-MAM class).
 * Methadone counts because the panel has a methadone class and no participant in this programme
 * is prescribed methadone (they are all on buprenorphine).
 */
export const ILLICIT_OPIOID_CLASSES = ['opioids', 'fentanyl', 'oxycodone', 'methadone'] as const satisfies ToxClass[]

export type SurveyRecord = {
  week: number
  /** "In the past 7 days, did you use opioids that were not prescribed to you?" */
  usedOpioids: boolean | null | undefined
  /** { benzodiazepines, cocaine, methamphetamine, alcohol }: boolean each */
  otherSubstances?: Record<string, boolean | null | undefined> | null
}

export type ToxRecord = {
  /** 2-week period as stored: 1 = weeks 1–2 … 12 = weeks 23–24 */
  period: number
  /** { [substanceClass]: 'negative' | 'positive' } */
  results: Record<string, string | null | undefined>
}

/** An abstinence outcome: which self-report answer and which panel classes count. */
export type SubstanceOutcome = {
  id: string
  label: string
  /** true = reported use, false = reported none, null = this survey did not answer. */
  selfReport: (s: SurveyRecord) => boolean | null
  toxClasses: readonly string[]
}

function otherSubstance(id: string) {
  return (s: SurveyRecord) => {
    const v = s.otherSubstances?.[id]
    return typeof v === 'boolean' ? v : null
  }
}

export const OPIOID_OUTCOME: SubstanceOutcome = {
  id: 'opioids',
  label: 'Illicit opioids (primary outcome)',
  selfReport: (s) => (typeof s.usedOpioids === 'boolean' ? s.usedOpioids : null),
  toxClasses: ILLICIT_OPIOID_CLASSES,
}

export const BENZODIAZEPINE_OUTCOME: SubstanceOutcome = {
  id: 'benzodiazepines',
  label: 'Benzodiazepines (secondary outcome)',
  selfReport: otherSubstance('benzodiazepines'),
  toxClasses: ['benzodiazepines'],
}

export const COCAINE_OUTCOME: SubstanceOutcome = {
  id: 'cocaine',
  label: 'Cocaine (secondary outcome)',
  selfReport: otherSubstance('cocaine'),
  toxClasses: ['cocaine'],
}

export const SUBSTANCE_OUTCOMES = [OPIOID_OUTCOME, BENZODIAZEPINE_OUTCOME, COCAINE_OUTCOME] as const

export type ToxVerdict = 'positive' | 'negative' | 'indeterminate'

/**
 * One test, for one outcome: positive if any counted class is positive; negative if every
 * counted class the panel reports is negative and it reports at least one; otherwise
 * indeterminate (no counted class on the panel, or a counted class recorded as anything but
 * negative/positive, e.g. "invalid"). Indeterminate tests count as no test.
 * The prescribed medication is never counted, even if a caller lists it.
 */
export function toxVerdict(results: ToxRecord['results'], classes: readonly string[]): ToxVerdict {
  let reported = 0
  let unclear = false
  for (const c of classes) {
    if (c === PRESCRIBED_MEDICATION) continue
    if (!Object.prototype.hasOwnProperty.call(results, c)) continue
    const v = String(results[c] ?? '')
      .trim()
      .toLowerCase()
    if (v === 'positive') return 'positive'
    if (v === 'negative') reported++
    else unclear = true
  }
  return reported > 0 && !unclear ? 'negative' : 'indeterminate'
}

export type PeriodStatus = 'abstinent' | 'non_abstinent' | 'missing' | 'pending'
export type PeriodReason =
  | 'negative-test-and-no-use-reported'
  | 'use-reported'
  | 'positive-test'
  | 'use-reported-and-positive-test'
  | 'no-test'
  | 'no-survey'
  | 'no-test-no-survey'
  | 'after-withdrawal'
  | 'not-yet-complete'

export type PeriodOutcome = {
  period: number
  weeks: [number, number]
  status: PeriodStatus
  reason: PeriodReason
  /** surveys in the period that answered for this substance */
  surveys: number
  /** tests in the period with a positive or negative verdict for this substance */
  tests: number
}

export type OutcomeCounts = { abstinent: number; nonAbstinent: number; missing: number; pending: number }

export type AbstinenceInput = {
  surveys: SurveyRecord[]
  tox: ToxRecord[]
  /** Programme week (0–24) in which the participant withdrew; null/undefined if they did not. */
  withdrawnWeek?: number | null
  /**
   * Weeks fully over at the time of analysis (0–24). Periods not yet over are `pending` unless
   * use is already recorded. Leave undefined at the end of the study: every period is final.
   */
  completedWeeks?: number
  /** Defaults to the primary-outcome periods 7–12 (weeks 13–24). */
  periods?: readonly number[]
}

/**
 * Classifies each 2-week period for one substance:
 * - non_abstinent: any survey in the period reports use, or any test is positive;
 * - abstinent: at least one survey, every survey says no, at least one test, every test negative;
 * - missing: otherwise (no test, or no survey), and every period after the one in which the
 *   participant withdrew (the withdrawal period itself uses the data present);
 * - pending: the period is not over yet (only when `completedWeeks` is given) and no use is
 *   recorded so far.
 */
export function classifyPeriods(
  input: AbstinenceInput,
  outcome: SubstanceOutcome = OPIOID_OUTCOME,
): { periods: PeriodOutcome[]; counts: OutcomeCounts } {
  const periods = input.periods ?? PRIMARY_OUTCOME_PERIODS
  const withdrawnPeriod =
    input.withdrawnWeek == null ? null : input.withdrawnWeek < 1 ? 0 : periodOfWeek(Math.min(input.withdrawnWeek, 24))

  const result: PeriodOutcome[] = periods.map((period) => {
    const weeks = weeksOfPeriod(period)
    const base = { period, weeks }
    if (withdrawnPeriod !== null && period > withdrawnPeriod) {
      return { ...base, status: 'missing', reason: 'after-withdrawal', surveys: 0, tests: 0 }
    }
    const answers = input.surveys
      .filter((s) => Number.isInteger(s.week) && s.week >= weeks[0] && s.week <= weeks[1])
      .map(outcome.selfReport)
      .filter((a): a is boolean => a !== null)
    const verdicts = input.tox
      .filter((t) => t.period === period)
      .map((t) => toxVerdict(t.results ?? {}, outcome.toxClasses))
      .filter((v) => v !== 'indeterminate')
    const counts = { surveys: answers.length, tests: verdicts.length }
    const used = answers.includes(true)
    const positive = verdicts.includes('positive')
    if (used || positive) {
      const reason = used && positive ? 'use-reported-and-positive-test' : used ? 'use-reported' : 'positive-test'
      return { ...base, ...counts, status: 'non_abstinent', reason }
    }
    if (input.completedWeeks !== undefined && weeks[1] > input.completedWeeks) {
      return { ...base, ...counts, status: 'pending', reason: 'not-yet-complete' }
    }
    if (answers.length === 0 || verdicts.length === 0) {
      const reason =
        answers.length === 0 && verdicts.length === 0
          ? 'no-test-no-survey'
          : answers.length === 0
            ? 'no-survey'
            : 'no-test'
      return { ...base, ...counts, status: 'missing', reason }
    }
    return { ...base, ...counts, status: 'abstinent', reason: 'negative-test-and-no-use-reported' }
  })

  const counts: OutcomeCounts = { abstinent: 0, nonAbstinent: 0, missing: 0, pending: 0 }
  for (const p of result) {
    if (p.status === 'abstinent') counts.abstinent++
    else if (p.status === 'non_abstinent') counts.nonAbstinent++
    else if (p.status === 'missing') counts.missing++
    else counts.pending++
  }
  return { periods: result, counts }
}

/** The primary outcome and both secondary outcomes for one participant. */
export function abstinenceOutcomes(input: AbstinenceInput) {
  return {
    opioids: classifyPeriods(input, OPIOID_OUTCOME),
    benzodiazepines: classifyPeriods(input, BENZODIAZEPINE_OUTCOME),
    cocaine: classifyPeriods(input, COCAINE_OUTCOME),
  }
}

/**
 * The programme week in which a withdrawal happened (0 = before the first meeting), in the
 * cohort's zone, using the same week rule as everything else (schedule.ts currentWeek).
 */
export function withdrawalWeek(c: CohortSchedule, withdrawnAt: string | null | undefined): number | null {
  if (!withdrawnAt) return null
  const at = new Date(withdrawnAt)
  if (Number.isNaN(at.getTime())) return null
  return currentWeek(c, at)
}

// ---------------------------------------------------------------------------------------------
// Craving

export type CravingRecord = { week: number; cravingScore: number | null | undefined }
export type CravingWeek = { week: number; score: number; change: number | null }
export type CravingTrajectory = {
  baseline: { week: number; score: number } | null
  weeks: CravingWeek[]
  /** mean of the weekly scores after the baseline week; null when there are none */
  meanAfterBaseline: number | null
}

const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * Weekly Opioid Craving Scale scores (each already the mean of its 3 items) and change from
 * baseline. Baseline = week 0 if present, else week 1; if neither exists there is no baseline
 * and every change is null (later weeks are never promoted to baseline). Records with a missing
 * or non-finite score are dropped; two records in one week are averaged.
 */
export function cravingTrajectory(records: CravingRecord[]): CravingTrajectory {
  const byWeek = new Map<number, number[]>()
  for (const r of records) {
    if (!isScore(r.cravingScore) || !Number.isInteger(r.week) || r.week < 0 || r.week > PROGRAMME_WEEKS) continue
    const list = byWeek.get(r.week) ?? []
    list.push(r.cravingScore)
    byWeek.set(r.week, list)
  }
  const weekly = [...byWeek.entries()]
    .map(([week, scores]) => ({ week, score: scores.reduce((a, b) => a + b, 0) / scores.length }))
    .sort((a, b) => a.week - b.week)
  const baseline = weekly.find((w) => w.week === 0) ?? weekly.find((w) => w.week === 1) ?? null
  const weeks = weekly.map((w) => ({ ...w, change: baseline ? w.score - baseline.score : null }))
  const after = baseline ? weekly.filter((w) => w.week > baseline.week) : []
  return {
    baseline,
    weeks,
    meanAfterBaseline: after.length ? after.reduce((a, w) => a + w.score, 0) / after.length : null,
  }
}

export type Summary = { n: number; mean: number | null; sd: number | null }

/** n, mean and sample SD (n − 1) of the finite values; mean null at n = 0, SD null at n < 2. */
export function summarise(values: (number | null | undefined)[]): Summary {
  const xs = values.filter(isScore)
  const n = xs.length
  if (n === 0) return { n, mean: null, sd: null }
  const mean = xs.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { n, mean, sd: null }
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0)
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) }
}

/**
 * Craving by week for a set of participants, grouped by any key (arm for the data manager,
 * a single key for pooled figures): per week, a summary of the scores and of the changes.
 */
export function cravingByWeek(
  rows: { group: string; trajectory: CravingTrajectory }[],
): Record<string, { week: number; score: Summary; change: Summary }[]> {
  const acc = new Map<string, Map<number, { scores: number[]; changes: (number | null)[] }>>()
  for (const { group, trajectory } of rows) {
    const g = acc.get(group) ?? new Map()
    acc.set(group, g)
    for (const w of trajectory.weeks) {
      const cell = g.get(w.week) ?? { scores: [], changes: [] }
      cell.scores.push(w.score)
      cell.changes.push(w.change)
      g.set(w.week, cell)
    }
  }
  const out: Record<string, { week: number; score: Summary; change: Summary }[]> = {}
  for (const [group, g] of [...acc.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    out[group] = [...g.entries()]
      .sort(([a], [b]) => a - b)
      .map(([week, c]) => ({ week, score: summarise(c.scores), change: summarise(c.changes) }))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Anxiety

/** The trial analysed anxiety only for participants whose baseline T-score was above 55. */
export const ANXIETY_BASELINE_T_THRESHOLD = 55

export type PromisRecord = { week: number; tScore: number | null | undefined }
export type AnxietyProfile = {
  /** T-score at each PROMIS week (0, 8, 16, 24), null where missing */
  t: Record<number, number | null>
  baselineT: number | null
  /** baseline T > 55 (strictly); null when there is no week-0 score */
  elevatedBaseline: boolean | null
  /** T minus baseline T at weeks 8, 16, 24; null where either is missing */
  change: Record<number, number | null>
}

/** Baseline is week 0 only (it can be completed before randomization); no fallback to week 8. */
export function anxietyProfile(records: PromisRecord[]): AnxietyProfile {
  const t: Record<number, number | null> = {}
  for (const w of PROMIS_WEEKS) {
    const r = records.find((x) => x.week === w && isScore(x.tScore))
    t[w] = r ? (r.tScore as number) : null
  }
  const baselineT = t[0]
  const change: Record<number, number | null> = {}
  for (const w of PROMIS_WEEKS.filter((w) => w > 0)) {
    change[w] = baselineT !== null && t[w] !== null ? (t[w] as number) - baselineT : null
  }
  return {
    t,
    baselineT,
    elevatedBaseline: baselineT === null ? null : baselineT > ANXIETY_BASELINE_T_THRESHOLD,
    change,
  }
}

// ---------------------------------------------------------------------------------------------
// Adherence and continuation

export type AttendanceRecord = { week: number; status: string }

/** Adherent = attended (present or late) at least 15 distinct weeks of 1–24. */
export function adherenceOutcome(records: AttendanceRecord[]): { attended: number; adherent: boolean } {
  const weeks = new Set(
    records
      .filter((r) => Number.isInteger(r.week) && r.week >= 1 && r.week <= PROGRAMME_WEEKS && isAttended(r.status))
      .map((r) => r.week),
  )
  return { attended: weeks.size, adherent: weeks.size >= ADHERENCE_THRESHOLD }
}

/** What became of a participant at the week-8 decision, in the order reports list them. */
export const CONTINUATION_OUTCOMES = [
  'continue',
  'decline',
  'undecided',
  'not_eligible',
  'not_offered',
  'no_record',
] as const
export type ContinuationOutcome = (typeof CONTINUATION_OUTCOMES)[number]

/** The week-8 continuation decision as one analysable code. */
export function continuationOutcome(
  d: { eligible: boolean; offeredAt: string | null; decision: Decision } | null | undefined,
): ContinuationOutcome {
  if (!d) return 'no_record'
  if (!d.eligible) return 'not_eligible'
  if (!d.offeredAt) return 'not_offered'
  return d.decision
}
