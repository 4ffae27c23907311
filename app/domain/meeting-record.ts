import type { ATTENDANCE_STATUSES, MEETING_STATUSES } from '#db/schema'
import { changedFields, type FieldChange } from './record-version'

type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]
type MeetingStatus = (typeof MEETING_STATUSES)[number]

export const ATTENDANCE_LABEL: Record<AttendanceStatus, string> = {
  present: 'Present',
  late: 'Late',
  excused: 'Excused',
  absent: 'Absent',
}
export const MEETING_LABEL: Record<MeetingStatus, string> = { held: 'Held', missed: 'Missed', cancelled: 'Cancelled' }

/**
 * What makes a week's meeting record acceptable (the session screen's rules, ADR 008). Pure: the
 * route passes the submission and what it knows about the group, week and clock.
 */
export type MeetingRecordInput = {
  status: (typeof MEETING_STATUSES)[number]
  checkinMinutes?: number | null
  groupMinutes?: number | null
  facilitatorIds: number[]
  /** the 30-minute check-in: everyone still in the study */
  checkin: { participantId: number; status?: AttendanceStatus | null }[]
  /** the 60-minute group: the roster only */
  attendance: { participantId: number; status?: AttendanceStatus | null }[]
  fidelity: { itemId: string }[]
}

export type MeetingRecordContext = {
  /** everyone still in the study this week (check-in), the check-in-only track included */
  inStudyIds: readonly number[]
  /** those in the 60-minute group this week */
  rosterIds: readonly number[]
  fidelityIds: readonly string[]
  groupFacilitatorIds: readonly number[]
  scheduledAt: Date
  now: Date
}

export type Problem = { path?: string; message: string }

/** A meeting can be recorded as held from this long before its scheduled start (time zones, early starts). */
export const HELD_EARLIEST_MS = 24 * 3600_000

/**
 * A held meeting needs everyone marked, at check-in (everyone still in the study) and in the group
 * (the roster): nothing is assumed for someone left unmarked. Lists that do not match this week's
 * people (someone added, missing or twice) mean the page is out of date.
 */
export function meetingRecordProblems(input: MeetingRecordInput, ctx: MeetingRecordContext): Problem[] {
  const problems: Problem[] = []
  const held = input.status === 'held'
  let unmarked = 0
  const checkList = (
    rows: readonly { participantId: number; status?: AttendanceStatus | null }[],
    expected: readonly number[],
    field: string,
    message: string,
    mismatch: string,
  ) => {
    const allowed = new Set(expected)
    const seen = new Set<number>()
    rows.forEach((row, i) => {
      if (!allowed.has(row.participantId) || seen.has(row.participantId)) problems.push({ message: mismatch })
      seen.add(row.participantId)
      if (held && !row.status) {
        unmarked++
        problems.push({ path: `${field}[${i}].status`, message })
      }
    })
    if (held && expected.some((id) => !seen.has(id))) problems.push({ message: mismatch })
  }
  checkList(
    input.checkin,
    ctx.inStudyIds,
    'checkin',
    'Mark check-in attendance.',
    'The check-in list does not match who is in the study this week. Reload the page.',
  )
  checkList(
    input.attendance,
    ctx.rosterIds,
    'attendance',
    'Choose an attendance status.',
    'The group attendance list does not match this week’s roster. Reload the page.',
  )
  if (unmarked)
    problems.unshift({
      message:
        unmarked === 1
          ? 'One person is not marked yet. Mark everyone before saving a held meeting.'
          : `${unmarked} marks are missing. Mark everyone before saving a held meeting.`,
    })
  if (held) {
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

/** A week's meeting as the session screen shows it: what a person submitted, or what is saved. */
export type MeetingShown = {
  status?: MeetingStatus | null
  checkinMinutes?: number | null
  groupMinutes?: number | null
  notes?: string | null
  facilitatorIds: readonly number[]
  checkin: readonly { participantId: number; status?: AttendanceStatus | null }[]
  attendance: readonly { participantId: number; status?: AttendanceStatus | null; note?: string | null }[]
  fidelity: readonly { itemId: string; delivered?: boolean | null }[]
}

export type MeetingNames = {
  person: (participantId: number) => string
  facilitator: (userId: number) => string
  /** this week's checklist, in the lesson's order */
  fidelityItems: readonly { id: string; text: string }[]
}

function shownValues(m: MeetingShown, names: MeetingNames) {
  const values: Record<string, string> = {
    status: m.status ? MEETING_LABEL[m.status] : '',
    checkinMinutes: m.checkinMinutes == null ? '' : String(m.checkinMinutes),
    groupMinutes: m.groupMinutes == null ? '' : String(m.groupMinutes),
    facilitators: [...new Set(m.facilitatorIds)].map(names.facilitator).sort().join(', '),
    notes: m.notes ?? '',
  }
  for (const c of m.checkin) values[`checkin:${c.participantId}`] = c.status ? ATTENDANCE_LABEL[c.status] : ''
  for (const a of m.attendance) {
    values[`group:${a.participantId}`] = a.status ? ATTENDANCE_LABEL[a.status] : ''
    values[`note:${a.participantId}`] = a.note ?? ''
  }
  for (const item of names.fidelityItems)
    values[`fidelity:${item.id}`] = m.fidelity.some((f) => f.itemId === item.id && f.delivered)
      ? 'Delivered'
      : 'Not ticked'
  return values
}

/**
 * What differs between a refused (stale) submission and the meeting saved since (ADR 013): status,
 * minutes, facilitators, notes, each person's check-in and group attendance and note (by name),
 * and each checklist item (by its text). Compared as the page shows them.
 */
export function meetingChanges(yours: MeetingShown, saved: MeetingShown, names: MeetingNames): FieldChange[] {
  const labels: Record<string, string> = {
    status: 'Meeting status',
    checkinMinutes: 'Check-in minutes',
    groupMinutes: 'Group minutes',
    facilitators: 'Facilitators',
    notes: 'Session notes',
  }
  const people = (...lists: (readonly { participantId: number }[])[]) => [
    ...new Set(lists.flat().map((x) => x.participantId)),
  ]
  for (const id of people(yours.checkin, saved.checkin)) labels[`checkin:${id}`] = `Check-in: ${names.person(id)}`
  const inGroup = people(yours.attendance, saved.attendance)
  for (const id of inGroup) labels[`group:${id}`] = `Group: ${names.person(id)}`
  for (const id of inGroup) labels[`note:${id}`] = `Note: ${names.person(id)}`
  for (const item of names.fidelityItems) labels[`fidelity:${item.id}`] = `Checklist: ${item.text}`
  return changedFields(shownValues(yours, names), shownValues(saved, names), labels)
}

/** Whether someone began a toxicology entry on the session screen (a person, a date or a result chosen). */
export function toxEntryStarted(entry: unknown): boolean {
  if (!entry || typeof entry !== 'object') return false
  const e = entry as { participantId?: unknown; collectedOn?: unknown; results?: unknown }
  const filled = (v: unknown) => typeof v === 'string' && v.trim() !== ''
  return (
    filled(e.participantId) ||
    filled(e.collectedOn) ||
    (Array.isArray(e.results) ? e.results.some(filled) : filled(e.results))
  )
}
