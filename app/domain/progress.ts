import type { ATTENDANCE_STATUSES, Arm, MEETING_STATUSES } from '#db/schema'
import { adherenceStatus, isAttended, remainingWeeks, sessionsStillAttendable, type AdherenceStatus } from './adherence'
import {
  continuationApplies,
  decisionFunnel,
  isEligibleToContinue,
  onGroupRoster,
  type ContinuationSettings,
  type Decision,
  type Funnel,
} from './continuation'
import { PROGRAMME_WEEKS, type CohortSchedule } from './schedule'
import { missingToxPeriods } from './toxicology'

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
  /** sessions still to come that they may attend (ADR 012) */
  stillAttendable: number
  adherence: AdherenceStatus
  /** eligible for the week-8 offer, never offered, and week 9 has started */
  notOfferedFlag: boolean
  /** 2-week periods that ended with no toxicology test */
  toxMissing: number[]
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
  /** the cohort-local date they left the programme, if they did */
  leftOn?: string | null
  /** the 2-week periods with a toxicology test recorded */
  toxPeriods?: readonly number[]
}

export type ProgressContext = {
  /** the cohort's programme week now (0 before the first meeting) */
  week: number
  settings: ContinuationSettings
  /** for the toxicology periods; without it no period is flagged */
  schedule?: CohortSchedule
  /** the cohort-local date now */
  today?: string
}

/**
 * A group's progress from its rows: each member's attendance grid, sessions attended of those
 * held while they were on the roster, adherence outlook (ADR 012), track in the current week,
 * the week-8 flags and toxicology gaps, and (where the decision applies) the decision funnel.
 * `attendanceOf(meetingId, participantId)`.
 */
export function groupProgress(
  group: { id: number; arm: Arm; name: string; facilitators: string[] },
  meetings: ProgressMeeting[],
  members: ProgressMember[],
  attendanceOf: (meetingId: number, participantId: number) => (typeof ATTENDANCE_STATUSES)[number] | undefined,
  context: ProgressContext,
): GroupProgress {
  const { week, settings } = context
  const ms = [...meetings].sort((a, b) => a.week - b.week)
  const byWeek = new Map(ms.map((m) => [m.week, m]))
  const heldWeeks = ms.filter((m) => m.status === 'held')
  const remaining = remainingWeeks(
    week,
    ms.map((m) => m.week),
  )
  const applies = continuationApplies(group.arm, settings)
  const windowClosed = week > settings.continuationToWeek

  const rows = members.map((p) => {
    const weeks = Array.from({ length: PROGRAMME_WEEKS }, (_, i): WeekCell => {
      const w = i + 1
      const m = byWeek.get(w)
      return {
        week: w,
        onRoster: onGroupRoster(group.arm, w, p.decision, settings),
        status: m ? (m.status === 'held' ? (attendanceOf(m.id, p.id) ?? null) : m.status) : null,
      }
    })
    const attendedWeeks = weeks.filter((c) => c.status && isAttended(c.status)).map((c) => c.week)
    // Eligibility for the week-8 offer: what was recorded with their decision, else the rule
    // applied to their attendance so far (final once the eligibility window has ended).
    const eligibleNow =
      p.decision !== null && p.eligible !== null ? p.eligible : isEligibleToContinue(attendedWeeks, settings)
    // Held while they were on the roster, or held with attendance recorded for them (so a
    // recorded session is never counted in "attended" without being in "held").
    const held = heldWeeks.filter(
      (m) => onGroupRoster(group.arm, m.week, p.decision, settings) || attendanceOf(m.id, p.id) !== undefined,
    ).length
    const stillAttendable = sessionsStillAttendable(
      {
        arm: group.arm,
        status: p.status,
        decision: p.decision,
        eligible: p.decision !== null || windowClosed ? eligibleNow : null,
      },
      remaining,
      settings,
    )
    return { p, weeks, attended: attendedWeeks.length, held, stillAttendable, eligibleNow }
  })

  const funnel = applies
    ? decisionFunnel(
        rows.map(({ p, eligibleNow }) => ({
          id: p.id,
          status: p.status,
          eligible: eligibleNow,
          offeredAt: p.offeredAt,
          decision: p.decision,
        })),
        week,
      )
    : null
  const flaggedNotOffered = new Set(funnel?.flagNotOffered ? funnel.notOfferedIds : [])

  const participants = rows.map(({ p, weeks, attended, held, stillAttendable }): ParticipantProgress => ({
    id: p.id,
    studyId: p.studyId,
    name: p.name,
    status: p.status,
    decision: p.decision,
    track: onGroupRoster(group.arm, Math.max(week, 1), p.decision, settings) ? 'group' : 'checkin_only',
    attended,
    held,
    stillAttendable,
    adherence: adherenceStatus(attended, held, stillAttendable),
    notOfferedFlag: flaggedNotOffered.has(p.id),
    toxMissing:
      context.schedule && context.today
        ? missingToxPeriods(context.schedule, context.today, p.toxPeriods ?? [], p.leftOn ?? null)
        : [],
    weeks,
  }))
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
    funnel,
  }
}
