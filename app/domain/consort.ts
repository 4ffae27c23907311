import type { Arm } from '#db/schema'
import { CONTINUATION_OUTCOMES, type ContinuationOutcome } from './outcomes'
import { screeningStage, type ScreeningInput } from './screening'

/**
 * The CONSORT flow counts (pure). Definitions, so every box can be explained:
 * - Assessed: every screening-log entry, plus any randomized participant with no entry (they were
 *   assessed somewhere; the count of these is reported so the log can be completed).
 * - Excluded: screening entries that did not end in a randomized participant: not meeting the
 *   criteria (by criterion; one person can fail several, so reasons can add up to more than the
 *   total), declined to take part, and other reasons (consent pending, baseline not completed,
 *   not yet enrolled, enrolled but not randomized).
 * - Allocated: randomized to each arm. Received the allocated intervention: attended at least one
 *   session of their group.
 * - Week-8 continuation: the continuation outcome codes, per arm.
 * - Discontinued intervention: withdrew from the study (with the reason recorded), or chose not to
 *   continue after week 8 (they stay in follow-up: intention-to-treat).
 * - Lost to follow-up: not withdrawn, follow-up over (cohort finished), and no week-24 assessment
 *   (no week-24 check-in survey and no week-24 PROMIS).
 * - Analysed: everyone allocated (intention-to-treat: missing periods are reported as missing,
 *   nobody is dropped); the number with at least one observed primary-outcome period is shown
 *   beside it.
 */

export type ConsortScreening = Pick<
  ScreeningInput,
  'eligible' | 'failedCriteria' | 'consent' | 'baselineCompletedOn' | 'participantId'
>

export type ConsortParticipant = {
  id: number
  arm: Arm
  attendedSessions: number
  continuation: ContinuationOutcome
  withdrawn: boolean
  withdrawalReason: string | null
  followUpOver: boolean
  week24Assessed: boolean
  primaryObserved: boolean
}

export type Reason = { reason: string; n: number }

export type ConsortArm = {
  arm: Arm
  allocated: number
  received: number
  notReceived: number
  continuation: Record<ContinuationOutcome, number>
  discontinued: { total: number; reasons: Reason[] }
  lostToFollowUp: { total: number; reasons: Reason[] }
  analysed: number
  excludedFromAnalysis: number
  withPrimaryData: number
}

export type ConsortCounts = {
  assessed: number
  unscreenedRandomized: number
  excluded: {
    total: number
    notEligible: { total: number; byCriterion: { id: number; kind: string; text: string; n: number }[] }
    declined: number
    other: { total: number; reasons: Reason[] }
  }
  randomized: number
  arms: ConsortArm[]
}

function tally(reasons: string[]): Reason[] {
  const m = new Map<string, number>()
  for (const r of reasons) m.set(r, (m.get(r) ?? 0) + 1)
  return [...m.entries()]
    .map(([reason, n]) => ({ reason, n }))
    .sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason))
}

export const OTHER_EXCLUSION = {
  'awaiting-consent': 'Consent still pending',
  'awaiting-baseline': 'Baseline measures not completed',
  'awaiting-enrolment': 'Not yet enrolled',
  'not-randomized': 'Enrolled but not randomized',
} as const

export function consortCounts(input: {
  screening: ConsortScreening[]
  criteria: { id: number; kind: string; text: string }[]
  randomized: ConsortParticipant[]
}): ConsortCounts {
  const randomizedIds = new Set(input.randomized.map((p) => p.id))
  const linked = new Set(input.screening.map((s) => s.participantId).filter((id): id is number => id !== null))
  const unscreenedRandomized = input.randomized.filter((p) => !linked.has(p.id)).length

  const excludedEntries = input.screening.filter((s) => s.participantId === null || !randomizedIds.has(s.participantId))
  const notEligible = excludedEntries.filter((s) => !s.eligible)
  const byCriterion = input.criteria
    .map((c) => ({
      id: c.id,
      kind: c.kind,
      text: c.text,
      n: notEligible.filter((s) => s.failedCriteria.includes(c.id)).length,
    }))
    .filter((c) => c.n > 0)
  const otherReasons: string[] = []
  let declined = 0
  for (const s of excludedEntries) {
    if (!s.eligible) continue
    const stage = screeningStage(s)
    if (stage === 'declined') declined++
    else if (stage === 'enrolled') otherReasons.push(OTHER_EXCLUSION['not-randomized'])
    else if (stage !== 'ineligible') otherReasons.push(OTHER_EXCLUSION[stage])
  }

  const arms = [...new Set(input.randomized.map((p) => p.arm))].sort() as Arm[]
  return {
    assessed: input.screening.length + unscreenedRandomized,
    unscreenedRandomized,
    excluded: {
      total: excludedEntries.length,
      notEligible: { total: notEligible.length, byCriterion },
      declined,
      other: { total: otherReasons.length, reasons: tally(otherReasons) },
    },
    randomized: input.randomized.length,
    arms: arms.map((arm) => {
      const inArm = input.randomized.filter((p) => p.arm === arm)
      const continuation = Object.fromEntries(CONTINUATION_OUTCOMES.map((c) => [c, 0])) as Record<
        ContinuationOutcome,
        number
      >
      for (const p of inArm) continuation[p.continuation]++
      const discontinued = inArm.flatMap((p) =>
        p.withdrawn
          ? [`Withdrew: ${p.withdrawalReason?.trim() || 'no reason recorded'}`]
          : p.continuation === 'decline'
            ? ['Chose not to continue after week 8 (stays in follow-up)']
            : [],
      )
      const lost = inArm.filter((p) => !p.withdrawn && p.followUpOver && !p.week24Assessed)
      const received = inArm.filter((p) => p.attendedSessions > 0).length
      return {
        arm,
        allocated: inArm.length,
        received,
        notReceived: inArm.length - received,
        continuation,
        discontinued: { total: discontinued.length, reasons: tally(discontinued) },
        lostToFollowUp: { total: lost.length, reasons: tally(lost.map(() => 'No week-24 assessment')) },
        analysed: inArm.length,
        excludedFromAnalysis: 0,
        withPrimaryData: inArm.filter((p) => p.primaryObserved).length,
      }
    }),
  }
}
