import type { ATTENDANCE_STATUSES, Arm, MEETING_STATUSES } from '#db/schema'
import { adherenceStatus, isAttended, type AdherenceStatus } from './adherence'
import {
  continuationApplies,
  decisionFunnel,
  onGroupRoster,
  type ContinuationSettings,
  type Decision,
  type Funnel,
} from './continuation'
import { PROGRAMME_WEEKS } from './schedule'

/** One cell of the attendance grid: the attendance status, or the meeting's if it was not held. */
export type WeekCell = { week: number; status: string | null; onRoster: boolean }

export type ParticipantProgress = {
  id: number
  studyId: string
  name: string | null
  status: string
  decision: Decision | null
  track: 'group' | 'checkin_only'
  attended: number
  held: number
  adherence: AdherenceStatus
  weeks: WeekCell[]
}

export type GroupProgress = {
  id: number
  arm: Arm
  name: string
  facilitators: string[]
  meetings: { id: number; week: number; status: string; groupMinutes: number | null; checkinMinutes: number | null }[]
  participants: ParticipantProgress[]
  funnel: Funnel | null
}

export type ProgressMeeting = {
  id: number
  week: number
  status: (typeof MEETING_STATUSES)[number]
  groupMinutes: number | null
  checkinMinutes: number | null
}

export type ProgressMember = {
  id: number
  studyId: string
  name: string | null
  status: string
  decision: Decision | null
  eligible: boolean | null
  offeredAt: string | null
}

/**
 * A group's progress from its rows: each member's attendance grid, sessions attended of those
 * held while they were on the roster, adherence outlook and track in `week`, and (where the
 * week-8 decision applies) the decision funnel. `attendanceOf(meetingId, participantId)`.
 */
export function groupProgress(
  group: { id: number; arm: Arm; name: string; facilitators: string[] },
  meetings: ProgressMeeting[],
  members: ProgressMember[],
  attendanceOf: (meetingId: number, participantId: number) => (typeof ATTENDANCE_STATUSES)[number] | undefined,
  week: number,
  settings: ContinuationSettings,
): GroupProgress {
  const ms = [...meetings].sort((a, b) => a.week - b.week)
  const heldWeeks = ms.filter((m) => m.status === 'held')
  const participants = members.map((p): ParticipantProgress => {
    const weeks = Array.from({ length: PROGRAMME_WEEKS }, (_, i): WeekCell => {
      const w = i + 1
      const m = ms.find((x) => x.week === w)
      return {
        week: w,
        onRoster: onGroupRoster(group.arm, w, p.decision, settings),
        status: m ? (m.status === 'held' ? (attendanceOf(m.id, p.id) ?? null) : m.status) : null,
      }
    })
    const attended = weeks.filter((c) => c.status && isAttended(c.status)).length
    const held = heldWeeks.filter((m) => onGroupRoster(group.arm, m.week, p.decision, settings)).length
    return {
      id: p.id,
      studyId: p.studyId,
      name: p.name,
      status: p.status,
      decision: p.decision,
      track: onGroupRoster(group.arm, Math.max(week, 1), p.decision, settings) ? 'group' : 'checkin_only',
      attended,
      held,
      // Sessions still possible: weeks with no meeting recorded yet, on this person's roster.
      adherence: adherenceStatus(
        attended,
        weeks.filter((c) => c.onRoster && !ms.some((m) => m.week === c.week)).length,
      ),
      weeks,
    }
  })
  return {
    ...group,
    meetings: ms.map((m) => ({
      id: m.id,
      week: m.week,
      status: m.status,
      groupMinutes: m.groupMinutes,
      checkinMinutes: m.checkinMinutes,
    })),
    participants,
    funnel: continuationApplies(group.arm, settings)
      ? decisionFunnel(
          members
            .filter((p) => p.decision !== null)
            .map((p) => ({ eligible: !!p.eligible, offeredAt: p.offeredAt, decision: p.decision! })),
        )
      : null,
  }
}
