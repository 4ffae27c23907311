import type { Arm } from '#db/schema'
import type { Decision } from './continuation'
import {
  abstinenceOutcomes,
  adherenceOutcome,
  anxietyProfile,
  continuationOutcome,
  cravingByWeek,
  cravingTrajectory,
  summarise,
  withdrawalWeek,
  type AnxietyProfile,
  CONTINUATION_OUTCOMES,
  type ContinuationOutcome,
  type OutcomeCounts,
  type PeriodOutcome,
  type Summary,
} from './outcomes'
import { currentWeek, isFinished, type CohortSchedule } from './schedule'

/**
 * The data manager's outcome report: the trial outcomes of app/domain/outcomes.ts per
 * participant, and summaries per arm. Pure: the rows of each table come in (one query per table
 * for the whole programme, outcomes-report.server.ts) and are grouped here by participant.
 * Comparisons by arm are for the data manager only (issue 11; the route authorizes
 * `outcomes:by_arm`).
 */

export type OutcomePerson = {
  id: number
  studyId: string
  cohortId: number
  cohortName: string
  arm: Arm
  schedule: CohortSchedule
  withdrawnAt: string | null
  status: string
  decision: { eligible: boolean; offeredAt: string | null; decision: Decision } | null
}

export type OutcomeTables = {
  people: OutcomePerson[]
  surveys: {
    participantId: number
    week: number
    usedOpioids: boolean | null
    otherSubstances: Record<string, boolean> | null
    cravingScore: number | null
  }[]
  tox: { participantId: number; period: number; results: Record<string, string> }[]
  promis: { participantId: number; week: number; tScore: number | null }[]
  attendance: { participantId: number; week: number; status: string }[]
}

export type ParticipantOutcome = {
  id: number
  studyId: string
  cohortId: number
  cohortName: string
  arm: Arm
  /** weeks fully over when the report was made (24 once the cohort has finished) */
  completedWeeks: number
  withdrawnWeek: number | null
  opioids: { counts: OutcomeCounts; periods: PeriodOutcome[] }
  benzodiazepines: { counts: OutcomeCounts; periods: PeriodOutcome[] }
  cocaine: { counts: OutcomeCounts; periods: PeriodOutcome[] }
  craving: {
    baseline: number | null
    /** mean weekly score after the baseline week minus baseline */
    meanChange: number | null
    /** week-24 score minus baseline */
    week24Change: number | null
    weeks: { week: number; score: number; change: number | null }[]
  }
  anxiety: AnxietyProfile
  attended: number
  adherent: boolean
  continuation: ContinuationOutcome
}

function groupBy<T extends { participantId: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>()
  for (const r of rows) {
    const list = m.get(r.participantId)
    if (list) list.push(r)
    else m.set(r.participantId, [r])
  }
  return m
}

/** One participant's outcomes, from their own rows. */
export function participantOutcome(
  p: OutcomePerson,
  rows: {
    surveys: OutcomeTables['surveys']
    tox: OutcomeTables['tox']
    promis: OutcomeTables['promis']
    attendance: OutcomeTables['attendance']
  },
  now: Date,
): ParticipantOutcome {
  const finished = isFinished(p.schedule, now)
  const completedWeeks = finished ? 24 : Math.max(0, currentWeek(p.schedule, now) - 1)
  const withdrawnWeek = withdrawalWeek(p.schedule, p.withdrawnAt)
  const abstinence = abstinenceOutcomes({
    surveys: rows.surveys.map((s) => ({
      week: s.week,
      usedOpioids: s.usedOpioids,
      otherSubstances: s.otherSubstances,
    })),
    tox: rows.tox.map((t) => ({ period: t.period, results: t.results })),
    withdrawnWeek,
    completedWeeks: finished ? undefined : completedWeeks,
  })
  const trajectory = cravingTrajectory(rows.surveys.map((s) => ({ week: s.week, cravingScore: s.cravingScore })))
  const baseline = trajectory.baseline?.score ?? null
  const w24 = trajectory.weeks.find((w) => w.week === 24)
  const adherence = adherenceOutcome(rows.attendance)
  return {
    id: p.id,
    studyId: p.studyId,
    cohortId: p.cohortId,
    cohortName: p.cohortName,
    arm: p.arm,
    completedWeeks,
    withdrawnWeek,
    opioids: abstinence.opioids,
    benzodiazepines: abstinence.benzodiazepines,
    cocaine: abstinence.cocaine,
    craving: {
      baseline,
      meanChange:
        baseline === null || trajectory.meanAfterBaseline === null ? null : trajectory.meanAfterBaseline - baseline,
      week24Change: w24?.change ?? null,
      weeks: trajectory.weeks,
    },
    anxiety: anxietyProfile(rows.promis.map((r) => ({ week: r.week, tScore: r.tScore }))),
    attended: adherence.attended,
    adherent: adherence.adherent,
    continuation: continuationOutcome(p.decision),
  }
}

/** Every randomized participant's outcomes, in study-id order. */
export function participantOutcomes(tables: OutcomeTables, now: Date): ParticipantOutcome[] {
  const surveys = groupBy(tables.surveys)
  const tox = groupBy(tables.tox)
  const promis = groupBy(tables.promis)
  const attendance = groupBy(tables.attendance)
  return [...tables.people]
    .sort((a, b) => a.studyId.localeCompare(b.studyId))
    .map((p) =>
      participantOutcome(
        p,
        {
          surveys: surveys.get(p.id) ?? [],
          tox: tox.get(p.id) ?? [],
          promis: promis.get(p.id) ?? [],
          attendance: attendance.get(p.id) ?? [],
        },
        now,
      ),
    )
}

export type SubstanceSummary = {
  /** abstinent periods per participant (n, mean, SD) */
  abstinentPeriods: Summary
  /** period totals over the arm */
  periods: OutcomeCounts
}

export type ArmSummary = {
  arm: Arm
  randomized: number
  withdrawn: number
  opioids: SubstanceSummary
  benzodiazepines: SubstanceSummary
  cocaine: SubstanceSummary
  cravingBaseline: Summary
  cravingMeanChange: Summary
  cravingWeek24Change: Summary
  /** participants with a week-0 PROMIS score, and how many have T > 55 */
  anxietyBaselineKnown: number
  anxietyElevated: number
  /** mean T at weeks 0, 8, 16, 24 among those with elevated baseline (the trial's anxiety sample) */
  anxietyElevatedT: Record<number, Summary>
  adherent: number
  continuation: Record<ContinuationOutcome, number>
}

function substanceSummary(
  rows: ParticipantOutcome[],
  key: 'opioids' | 'benzodiazepines' | 'cocaine',
): SubstanceSummary {
  const periods: OutcomeCounts = { abstinent: 0, nonAbstinent: 0, missing: 0, pending: 0 }
  for (const r of rows) {
    const c = r[key].counts
    periods.abstinent += c.abstinent
    periods.nonAbstinent += c.nonAbstinent
    periods.missing += c.missing
    periods.pending += c.pending
  }
  return { abstinentPeriods: summarise(rows.map((r) => r[key].counts.abstinent)), periods }
}

/** Per-arm summaries (data manager only), arms in a fixed order. */
export function armSummaries(rows: ParticipantOutcome[]): ArmSummary[] {
  const arms = [...new Set(rows.map((r) => r.arm))].sort()
  return arms.map((arm) => {
    const inArm = rows.filter((r) => r.arm === arm)
    const elevated = inArm.filter((r) => r.anxiety.elevatedBaseline === true)
    const continuation = Object.fromEntries(CONTINUATION_OUTCOMES.map((c) => [c, 0])) as Record<
      ContinuationOutcome,
      number
    >
    for (const r of inArm) continuation[r.continuation]++
    return {
      arm,
      randomized: inArm.length,
      withdrawn: inArm.filter((r) => r.withdrawnWeek !== null).length,
      opioids: substanceSummary(inArm, 'opioids'),
      benzodiazepines: substanceSummary(inArm, 'benzodiazepines'),
      cocaine: substanceSummary(inArm, 'cocaine'),
      cravingBaseline: summarise(inArm.map((r) => r.craving.baseline)),
      cravingMeanChange: summarise(inArm.map((r) => r.craving.meanChange)),
      cravingWeek24Change: summarise(inArm.map((r) => r.craving.week24Change)),
      anxietyBaselineKnown: inArm.filter((r) => r.anxiety.elevatedBaseline !== null).length,
      anxietyElevated: elevated.length,
      anxietyElevatedT: Object.fromEntries(
        [0, 8, 16, 24].map((w) => [w, summarise(elevated.map((r) => r.anxiety.t[w]))]),
      ) as Record<number, Summary>,
      adherent: inArm.filter((r) => r.adherent).length,
      continuation,
    }
  })
}

/** Mean craving score by week, per arm (data manager only): the series of the chart. */
export function cravingByWeekByArm(rows: ParticipantOutcome[]) {
  return cravingByWeek(
    rows.map((r) => ({
      group: r.arm,
      trajectory: { baseline: null, weeks: r.craving.weeks, meanAfterBaseline: null },
    })),
  )
}
