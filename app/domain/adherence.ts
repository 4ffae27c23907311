/** Adherent = attended at least 15 of the 24 sessions (docs/product.md). */
export const ADHERENCE_THRESHOLD = 15

export const ATTENDED = new Set(['present', 'late'])

export function isAttended(status: string) {
  return ATTENDED.has(status)
}

export type AdherenceStatus = 'adherent' | 'on-track' | 'at-risk' | 'cannot-reach'

/**
 * `attended` sessions so far, with `weeksRemaining` meetings still to come.
 * at-risk: still reachable but needs nearly every remaining session.
 */
export function adherenceStatus(attended: number, weeksRemaining: number): AdherenceStatus {
  if (attended >= ADHERENCE_THRESHOLD) return 'adherent'
  const needed = ADHERENCE_THRESHOLD - attended
  if (needed > weeksRemaining) return 'cannot-reach'
  return needed > weeksRemaining - 2 ? 'at-risk' : 'on-track'
}

export const ADHERENCE_LABEL: Record<AdherenceStatus, string> = {
  adherent: 'Adherent (15+)',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'cannot-reach': 'Cannot reach 15',
}
