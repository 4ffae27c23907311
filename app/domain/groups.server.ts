import { and, eq, inArray, ne } from 'drizzle-orm'
import {
  cohortSchedule,
  cohorts,
  continuationDecisions,
  groupFacilitators,
  groups,
  meetings,
  participants,
  users,
  type Arm,
} from '#db/schema'
import { getDb } from '~/db.server'
import { onGroupRoster, type Decision } from './continuation'
import { currentWeek, nextMeeting, type CohortSchedule } from './schedule'
import { getProgrammeSettings } from './settings.server'

export type GroupWithCohort = {
  id: number
  name: string
  arm: Arm
  cohortId: number
  cohortName: string
  schedule: CohortSchedule
}

const groupColumns = {
  id: groups.id,
  name: groups.name,
  arm: groups.arm,
  cohortId: cohorts.id,
  cohortName: cohorts.name,
  schedule: cohortSchedule,
}

export function getGroup(groupId: number): GroupWithCohort | null {
  const row = getDb()
    .select(groupColumns)
    .from(groups)
    .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
    .where(eq(groups.id, groupId))
    .get()
  return row ?? null
}

/** A facilitator's groups with where each one is this week (one query for groups, one for meetings). */
export function facilitatorGroups(userId: number, now = new Date()) {
  const db = getDb()
  const rows = db
    .select(groupColumns)
    .from(groupFacilitators)
    .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
    .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
    .where(eq(groupFacilitators.userId, userId))
    .all()
  const recorded = rows.length
    ? db
        .select({ groupId: meetings.groupId, week: meetings.week, status: meetings.status })
        .from(meetings)
        .where(
          inArray(
            meetings.groupId,
            rows.map((r) => r.id),
          ),
        )
        .all()
    : []
  return rows.map((g) => {
    const week = currentWeek(g.schedule, now)
    const next = nextMeeting(g.schedule, now)
    const weeks = recorded.filter((m) => m.groupId === g.id)
    const unrecorded = Array.from({ length: week }, (_, i) => i + 1).filter((w) => !weeks.some((m) => m.week === w))
    return { ...g, week, next, recordedWeeks: weeks.length, unrecorded }
  })
}

export type RosterMember = {
  id: number
  studyId: string
  name: string | null
  decision: Decision | null
  onRoster: boolean
}

/**
 * Everyone randomized to the group (not withdrawn), with whether they are on the 60-minute
 * group's roster in `week` or on the check-in-only track.
 */
export function groupMembers(group: Pick<GroupWithCohort, 'id' | 'arm'>, week: number): RosterMember[] {
  const settings = getProgrammeSettings()
  const rows = getDb()
    .select({
      id: participants.id,
      studyId: participants.studyId,
      name: users.name,
      decision: continuationDecisions.decision,
    })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.userId))
    .leftJoin(continuationDecisions, eq(continuationDecisions.participantId, participants.id))
    .where(and(eq(participants.groupId, group.id), ne(participants.status, 'withdrawn')))
    .orderBy(participants.studyId)
    .all()
  return rows.map((r) => ({ ...r, onRoster: onGroupRoster(group.arm, week, r.decision, settings) }))
}

export function groupFacilitatorUsers(groupId: number) {
  return getDb()
    .select({ id: users.id, name: users.name })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .where(eq(groupFacilitators.groupId, groupId))
    .all()
}
