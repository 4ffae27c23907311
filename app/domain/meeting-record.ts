import type { ATTENDANCE_STATUSES, MEETING_STATUSES } from '#db/schema'

/**
 * What makes a week's meeting record acceptable (the session screen's rules, ADR 008). Pure: the
 * route passes the submission and what it knows about the group, week and clock.
 */
export type MeetingRecordInput = {
  status: (typeof MEETING_STATUSES)[number]
  checkinMinutes?: number | null
  groupMinutes?: number | null
  facilitatorIds: number[]
  attendance: { participantId: number; status?: (typeof ATTENDANCE_STATUSES)[number] | null }[]
  fidelity: { itemId: string }[]
}

export type MeetingRecordContext = {
  rosterIds: readonly number[]
  fidelityIds: readonly string[]
  groupFacilitatorIds: readonly number[]
  scheduledAt: Date
  now: Date
}

export type Problem = { path?: string; message: string }

/** A meeting can be recorded as held from this long before its scheduled start (time zones, early starts). */
export const HELD_EARLIEST_MS = 24 * 3600_000

export function meetingRecordProblems(input: MeetingRecordInput, ctx: MeetingRecordContext): Problem[] {
  const problems: Problem[] = []
  const roster = new Set(ctx.rosterIds)
  const seen = new Set<number>()
  input.attendance.forEach((row, i) => {
    if (!roster.has(row.participantId) || seen.has(row.participantId))
      problems.push({ message: 'The attendance list does not match this week’s roster. Reload the page.' })
    seen.add(row.participantId)
    if (input.status === 'held' && !row.status)
      problems.push({ path: `attendance[${i}].status`, message: 'Choose an attendance status.' })
  })
  if (input.status === 'held') {
    const missing = ctx.rosterIds.filter((id) => !seen.has(id))
    if (missing.length)
      problems.push({ message: 'Someone on this week’s roster is missing from the form. Reload the page.' })
    if (input.checkinMinutes == null) problems.push({ path: 'checkinMinutes', message: 'Enter the check-in minutes.' })
    if (input.groupMinutes == null) problems.push({ path: 'groupMinutes', message: 'Enter the group minutes.' })
    if (ctx.scheduledAt.getTime() - ctx.now.getTime() > HELD_EARLIEST_MS)
      problems.push({ message: 'This week’s meeting has not happened yet, so it cannot be recorded as held.' })
  }
  if (!input.facilitatorIds.every((f) => ctx.groupFacilitatorIds.includes(f)))
    problems.push({ path: 'facilitatorIds', message: 'Choose facilitators of this group.' })
  if (!input.fidelity.every((f) => ctx.fidelityIds.includes(f.itemId)))
    problems.push({ message: 'The checklist does not match this week’s lesson. Reload the page.' })
  return [...new Map(problems.map((p) => [`${p.path}:${p.message}`, p])).values()]
}

/**
 * Who ran the meeting when the form names nobody: the person recording it, if they lead the
 * group; otherwise nobody (never someone who did not run it).
 */
export function defaultFacilitators(
  chosen: readonly number[],
  currentUserId: number,
  groupFacilitatorIds: readonly number[],
) {
  if (chosen.length) return [...new Set(chosen)]
  return groupFacilitatorIds.includes(currentUserId) ? [currentUserId] : []
}
