import { PROGRAMME_WEEKS } from './schedule'

/**
 * Time matching: the two groups of a cohort get the same check-in minutes and the same group
 * minutes each week. The tolerance is a programme setting (`timeMatchToleranceMinutes`,
 * default 0: any difference is flagged).
 */
export const DEFAULT_TIME_MATCH_TOLERANCE_MINUTES = 0

export type MatchMeeting = {
  week: number
  status: string
  checkinMinutes: number | null
  groupMinutes: number | null
}

/** The minutes a week's meeting delivered: those of a held meeting, or null when none was held. */
export function deliveredMinutes(
  meetings: readonly MatchMeeting[],
  week: number,
): { checkin: number | null; group: number | null } | null {
  const m = meetings.find((x) => x.week === week && x.status === 'held')
  return m ? { checkin: m.checkinMinutes, group: m.groupMinutes } : null
}

/**
 * How a week compares across the groups:
 * - matched: every group held its meeting and both the check-in and the group minutes differ
 *   by no more than the tolerance;
 * - differs: every group held its meeting, but check-in or group minutes differ by more
 *   (flagged);
 * - one-not-held: one group held its meeting, another's was cancelled or missed (flagged);
 * - awaiting: one group's meeting is recorded as held, another's not recorded yet;
 * - none-held: no group held a meeting this week (or nothing is recorded yet);
 * - not-compared: fewer than two groups to compare.
 */
export type WeekMatchStatus = 'matched' | 'differs' | 'one-not-held' | 'awaiting' | 'none-held' | 'not-compared'

export type WeekMatch = {
  week: number
  status: WeekMatchStatus
  flagged: boolean
  /** largest difference between the groups' minutes, when every group held its meeting */
  checkinDifference: number | null
  groupDifference: number | null
}

const spread = (values: (number | null)[]) =>
  values.some((v) => v === null) ? null : Math.max(...(values as number[])) - Math.min(...(values as number[]))

export function weekMatch(
  groups: readonly { meetings: readonly MatchMeeting[] }[],
  week: number,
  tolerance: number,
): WeekMatch {
  const none = { checkinDifference: null, groupDifference: null }
  if (groups.length < 2) return { week, status: 'not-compared', flagged: false, ...none }
  const recorded = groups.map((g) => g.meetings.find((m) => m.week === week) ?? null)
  const held = recorded.filter((m) => m?.status === 'held')
  if (held.length === 0) return { week, status: 'none-held', flagged: false, ...none }
  if (held.length < groups.length) {
    const otherNotHeld = recorded.some((m) => m !== null && m.status !== 'held')
    return otherNotHeld
      ? { week, status: 'one-not-held', flagged: true, ...none }
      : { week, status: 'awaiting', flagged: false, ...none }
  }
  // A held meeting without minutes cannot be shown to match: it counts as a difference.
  const checkinDifference = spread(held.map((m) => m!.checkinMinutes))
  const groupDifference = spread(held.map((m) => m!.groupMinutes))
  const differs =
    checkinDifference === null ||
    groupDifference === null ||
    checkinDifference > tolerance ||
    groupDifference > tolerance
  return { week, status: differs ? 'differs' : 'matched', flagged: differs, checkinDifference, groupDifference }
}

/** Every week 1…`throughWeek` compared. */
export function timeMatching(
  groups: readonly { meetings: readonly MatchMeeting[] }[],
  throughWeek: number,
  tolerance: number,
): WeekMatch[] {
  const last = Math.min(Math.max(throughWeek, 0), PROGRAMME_WEEKS)
  return Array.from({ length: last }, (_, i) => weekMatch(groups, i + 1, tolerance))
}

/**
 * Running totals of a group's delivered minutes (held meetings only), week 1…`throughWeek`:
 * element i is the total through week i+1.
 */
export function cumulativeMinutes(
  meetings: readonly MatchMeeting[],
  throughWeek: number,
): { week: number; checkin: number; group: number }[] {
  let checkin = 0
  let group = 0
  const last = Math.min(Math.max(throughWeek, 0), PROGRAMME_WEEKS)
  return Array.from({ length: last }, (_, i) => {
    const d = deliveredMinutes(meetings, i + 1)
    checkin += d?.checkin ?? 0
    group += d?.group ?? 0
    return { week: i + 1, checkin, group }
  })
}

/** A flagged week in words, for the page (text, not only colour). */
export function describeWeekMatch(m: WeekMatch): string {
  switch (m.status) {
    case 'matched':
      return 'Matched'
    case 'differs': {
      const parts: string[] = []
      if (m.checkinDifference === null || m.groupDifference === null) parts.push('minutes missing')
      if (m.checkinDifference) parts.push(`check-in differs by ${m.checkinDifference} min`)
      if (m.groupDifference) parts.push(`group differs by ${m.groupDifference} min`)
      const text = parts.join(', ')
      return `Not matched: ${text}`
    }
    case 'one-not-held':
      return 'Not matched: only one group met'
    case 'awaiting':
      return 'Waiting for the other group’s record'
    case 'none-held':
      return 'No meeting held'
    case 'not-compared':
      return 'Not compared'
  }
}
