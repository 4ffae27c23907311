import type { Arm, DECISIONS } from '#db/schema'
import { pastDateProblems } from './calendar-date'
import { currentWeek, type CohortSchedule } from './schedule'

/** The week-8 continuation (opt-in) decision: pure rules, configurable per programme. */
export const DECISION_WEEK = 8
export const INTENSIVE_FROM_WEEK = 9

export type ContinuationSettings = {
  continuationMinSessions: number
  continuationFromWeek: number
  continuationToWeek: number
  recoverySupportContinuationCheck: boolean
}

/** One definition: the schema's enum. */
export type Decision = (typeof DECISIONS)[number]

export const DECISION_LABEL: Record<Decision, string> = {
  continue: 'Chose to continue',
  decline: 'Chose not to continue',
  undecided: 'Still deciding',
}

export const DECISION_REASONS = [
  { id: 'finding-it-helpful', label: 'Finding the group helpful' },
  { id: 'wants-more-practice', label: 'Wants to keep building the skills' },
  { id: 'time-or-schedule', label: 'Time or schedule' },
  { id: 'work-or-caregiving', label: 'Work or caregiving' },
  { id: 'transport-or-connection', label: 'Transport, phone or internet' },
  { id: 'not-a-good-fit', label: 'Not a good fit right now' },
  { id: 'feeling-stable', label: 'Feels stable without the group' },
  { id: 'health', label: 'Health reasons' },
  { id: 'other', label: 'Other (see note)' },
] as const

/** Does this arm have a week-8 continuation decision in this programme? */
export function continuationApplies(
  arm: Arm,
  settings: Pick<ContinuationSettings, 'recoverySupportContinuationCheck'>,
) {
  return arm === 'mrocc' || settings.recoverySupportContinuationCheck
}

/** Eligible = attended (present or late) at least `min` sessions in weeks from–to. */
export function isEligibleToContinue(attendedWeeks: number[], settings: ContinuationSettings): boolean {
  const inWindow = new Set(
    attendedWeeks.filter((w) => w >= settings.continuationFromWeek && w <= settings.continuationToWeek),
  )
  return inWindow.size >= settings.continuationMinSessions
}

/** The eligibility window in words, from the settings ("weeks 5–8"), never hard-coded. */
export function describeWindow(settings: Pick<ContinuationSettings, 'continuationFromWeek' | 'continuationToWeek'>) {
  const { continuationFromWeek: from, continuationToWeek: to } = settings
  return from === to ? `week ${from}` : `weeks ${from}–${to}`
}

export function describeRule(settings: ContinuationSettings) {
  return `attended at least ${settings.continuationMinSessions} of ${describeWindow(settings)}`
}

/**
 * Whether a week-8 decision can be recorded now: only for someone who met the eligibility rule,
 * from the decision week, with a real offer date that is not in the future (ISO dates compared
 * in the cohort's calendar).
 */
export function decisionProblems(input: {
  eligible: boolean
  currentWeek: number
  offeredAt: string
  today: string
  windowText: string
}): { path?: string; message: string }[] {
  if (!input.eligible)
    return [
      {
        message: `This person has not met the eligibility rule (${input.windowText}), so the offer is not made. They stay on the check-in-only track.`,
      },
    ]
  if (input.currentWeek < DECISION_WEEK) return [{ message: `Decisions are recorded from week ${DECISION_WEEK}.` }]
  return pastDateProblems('offeredAt', input.offeredAt, input.today, 'the offer date')
}

/**
 * How a recorded decision may change now. Until the intensive phase starts (week
 * INTENSIVE_FROM_WEEK of the cohort's schedule) it is edited in place; from then on it is fixed,
 * and a change is a correction: a reason is required and the old and new values are kept in
 * history (never an edit in place).
 */
export function decisionChangeKind(schedule: CohortSchedule, now: Date): 'edit' | 'correction' {
  return currentWeek(schedule, now) >= INTENSIVE_FROM_WEEK ? 'correction' : 'edit'
}

/** The most a correction's reason may say. */
export const CORRECTION_REASON_MAX = 1000

/**
 * Whether a correction of a fixed decision can be recorded: it must change something and say why.
 */
export function correctionProblems(input: {
  from: { decision: Decision; offeredAt: string | null; reasons: readonly string[]; note: string | null }
  to: { decision: Decision; offeredAt: string | null; reasons: readonly string[]; note: string | null }
  reason: string | null | undefined
}): { path?: string; message: string }[] {
  const problems: { path?: string; message: string }[] = []
  const same =
    input.from.decision === input.to.decision &&
    (input.from.offeredAt ?? '').slice(0, 10) === (input.to.offeredAt ?? '').slice(0, 10) &&
    [...input.from.reasons].sort().join() === [...input.to.reasons].sort().join() &&
    (input.from.note ?? '') === (input.to.note ?? '')
  if (same) problems.push({ message: 'Nothing has changed: there is nothing to correct.' })
  if (!input.reason?.trim())
    problems.push({
      path: 'correctionReason',
      message: 'Say why the decision is being corrected: it is fixed once the intensive phase has started.',
    })
  return problems
}

/**
 * Is the participant on the 60-minute group's roster in a given week? Before week 9 everyone is.
 * From week 9, where the decision applies, only those who chose to continue; everyone else stays
 * in the programme on the check-in-only track (intention-to-treat).
 */
export function onGroupRoster(
  arm: Arm,
  week: number,
  decision: Decision | null,
  settings: ContinuationSettings,
): boolean {
  if (week < INTENSIVE_FROM_WEEK || !continuationApplies(arm, settings)) return true
  return decision === 'continue'
}

/**
 * One group member as the decision funnel sees them. `eligible`: the eligibility recorded with
 * their decision if there is one, else the rule applied to their attendance so far
 * (`isEligibleToContinue`). `offeredAt`: when the choice was offered, null if never.
 */
export type FunnelMember = {
  id: number
  status: string
  eligible: boolean
  offeredAt: string | null
  decision: Decision | null
}

export type Funnel = {
  /** members counted: everyone in the group, less those who left without ever being offered */
  counted: number
  eligible: number
  notEligible: number
  offered: number
  /** eligible, still in the programme, and never offered the choice */
  notOfferedYet: number
  continued: number
  declined: number
  undecided: number
  /** who is "not offered yet" */
  notOfferedIds: number[]
  /** week 9 has started and someone eligible was never offered: the facilitator must act */
  flagNotOffered: boolean
}

/**
 * The week-8 decision funnel over every member of the group (ADR 012): eligible → offered →
 * continued / declined / still deciding, plus "not offered yet" (eligible, still in the
 * programme, no offer recorded). A decision recorded without an offer date does not count as
 * offered. Once week 9 (`INTENSIVE_FROM_WEEK`) has started, anyone not offered yet is flagged.
 */
export function decisionFunnel(members: readonly FunnelMember[], currentWeek: number): Funnel {
  const counted = members.filter((m) => m.status !== 'withdrawn' || (m.eligible && m.offeredAt))
  const eligible = counted.filter((m) => m.eligible)
  const offered = eligible.filter((m) => m.offeredAt)
  const notOffered = eligible.filter((m) => !m.offeredAt && m.status !== 'withdrawn')
  return {
    counted: counted.length,
    eligible: eligible.length,
    notEligible: counted.length - eligible.length,
    offered: offered.length,
    notOfferedYet: notOffered.length,
    continued: offered.filter((r) => r.decision === 'continue').length,
    declined: offered.filter((r) => r.decision === 'decline').length,
    undecided: offered.filter((r) => r.decision === 'undecided' || r.decision === null).length,
    notOfferedIds: notOffered.map((m) => m.id),
    flagNotOffered: currentWeek >= INTENSIVE_FROM_WEEK && notOffered.length > 0,
  }
}
