/**
 * Time matching: both groups of a cohort should get the same group minutes each week. A week is
 * matched when every group held its meeting and their group minutes differ by no more than the
 * tolerance. (A programme setting for the tolerance comes later; today it is fixed.)
 */
export const TIME_MATCH_TOLERANCE_MINUTES = 5

type Meeting = { week: number; status: string; groupMinutes: number | null }

/** The group minutes delivered in a week: those of a held meeting, or null when none was held. */
export function deliveredMinutes(meetings: readonly Meeting[], week: number): number | null {
  return meetings.find((m) => m.week === week && m.status === 'held')?.groupMinutes ?? null
}

export function minutesMatched(minutes: readonly (number | null)[], tolerance = TIME_MATCH_TOLERANCE_MINUTES): boolean {
  if (minutes.length === 0 || minutes.some((m) => m === null)) return false
  const values = minutes as number[]
  return Math.max(...values) - Math.min(...values) <= tolerance
}
