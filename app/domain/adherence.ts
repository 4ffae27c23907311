import type { Arm } from '#db/schema'
import { continuationApplies, INTENSIVE_FROM_WEEK, type ContinuationSettings, type Decision } from './continuation'
import { PROGRAMME_WEEKS } from './schedule'

/** Adherent = attended at least 15 of the 24 sessions (DESIGN.md, programme rules). */
export const ADHERENCE_THRESHOLD = 15

export const ATTENDED = new Set(['present', 'late'])

export function isAttended(status: string) {
  return ATTENDED.has(status)
}

export type AdherenceStatus = 'adherent' | 'on-track' | 'at-risk' | 'cannot-reach'

/**
 * The adherence outlook (ADR 012), from three numbers:
 * - `attended`: sessions attended (present or late) so far;
 * - `held`: sessions held so far while the person was on the group roster (the "of" in "3/3");
 * - `stillAttendable`: scheduled sessions still to come that the person is eligible to attend
 *   (`sessionsStillAttendable`).
 *
 * In this order:
 * 1. adherent — attended ≥ 15;
 * 2. cannot-reach — attended + stillAttendable < 15 (even perfect attendance from now falls short);
 * 3. on-track — at the pace that reaches 15 by week 24: attended ≥ 15/24 of `held`, i.e.
 *    attended × 24 ≥ 15 × held (0 held is on track);
 * 4. at-risk — still reachable, but behind that pace.
 */
export function adherenceStatus(attended: number, held: number, stillAttendable: number): AdherenceStatus {
  if (attended >= ADHERENCE_THRESHOLD) return 'adherent'
  if (attended + stillAttendable < ADHERENCE_THRESHOLD) return 'cannot-reach'
  return attended * PROGRAMME_WEEKS >= ADHERENCE_THRESHOLD * held ? 'on-track' : 'at-risk'
}

export type AttendableMember = {
  arm: Arm
  status: string
  decision: Decision | null
  /**
   * Whether they met the week-8 eligibility rule: true/false once the eligibility window has
   * ended, null while it is still open (nothing is decided yet).
   */
  eligible: boolean | null
}

/**
 * May this person attend the 60-minute group in `week`? (ADR 012)
 * - withdrawn: no;
 * - weeks 1–8, or an arm without a week-8 decision (Recovery Support unless the settings add
 *   the check): yes;
 * - weeks 9–24 where the decision applies: chose to continue → yes; declined → no (check-in
 *   only); not eligible for the offer → no; not offered yet or still deciding → yes (the
 *   choice is still theirs to make).
 */
export function mayAttendGroupWeek(member: AttendableMember, week: number, settings: ContinuationSettings): boolean {
  if (member.status === 'withdrawn') return false
  if (week < INTENSIVE_FROM_WEEK || !continuationApplies(member.arm, settings)) return true
  if (member.decision === 'continue') return true
  if (member.decision === 'decline') return false
  return member.eligible !== false
}

/**
 * The sessions a participant can still attend: the scheduled weeks still to come (`remainingWeeks`,
 * see `remainingWeeks`) that they may attend (`mayAttendGroupWeek`).
 */
export function sessionsStillAttendable(
  member: AttendableMember,
  remaining: readonly number[],
  settings: ContinuationSettings,
): number {
  return remaining.filter((w) => mayAttendGroupWeek(member, w, settings)).length
}

/**
 * The group's scheduled weeks still to come in programme week `currentWeek` (0 before the first
 * meeting): this week and later, less any whose meeting is already recorded (held, cancelled or
 * missed). A past week never recorded is gone: it is not "still to come".
 */
export function remainingWeeks(currentWeek: number, recordedWeeks: readonly number[]): number[] {
  const recorded = new Set(recordedWeeks)
  const out: number[] = []
  for (let w = Math.max(currentWeek, 1); w <= PROGRAMME_WEEKS; w++) if (!recorded.has(w)) out.push(w)
  return out
}

export const ADHERENCE_LABEL: Record<AdherenceStatus, string> = {
  adherent: 'Adherent (15+)',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'cannot-reach': 'Cannot reach 15',
}
