import { and, eq, ne, sql } from 'drizzle-orm'
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
import { getDb, preparedPerConnection, type DB } from '~/db.server'
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
  return groupQueries().group.get({ groupId }) ?? null
}

/** What the session screen and the decisions page read of one group, prepared once per connection. */
function prepareGroupQueries(db: DB) {
  const groupId = sql.placeholder('groupId')
  return {
    group: db
      .select(groupColumns)
      .from(groups)
      .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
      .where(eq(groups.id, groupId))
      .prepare(),
    members: db
      .select({
        id: participants.id,
        studyId: participants.studyId,
        name: users.name,
        decision: continuationDecisions.decision,
      })
      .from(participants)
      .leftJoin(users, eq(users.id, participants.userId))
      .leftJoin(continuationDecisions, eq(continuationDecisions.participantId, participants.id))
      .where(and(eq(participants.groupId, groupId), ne(participants.status, 'withdrawn')))
      .orderBy(participants.studyId)
      .prepare(),
    facilitators: db
      .select({ id: users.id, name: users.name })
      .from(groupFacilitators)
      .innerJoin(users, eq(users.id, groupFacilitators.userId))
      .where(eq(groupFacilitators.groupId, groupId))
      .prepare(),
  }
}
const groupQueries = preparedPerConnection(prepareGroupQueries)

/**
 * A facilitator's groups and their recorded weeks: two queries, built and prepared once per
 * connection (drizzle's query builder cost more than SQLite's answer on /groups).
 */
function prepareFacilitatorQueries(db: DB) {
  const userId = sql.placeholder('userId')
  return {
    groups: db
      .select(groupColumns)
      .from(groupFacilitators)
      .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
      .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
      .where(eq(groupFacilitators.userId, userId))
      .prepare(),
    recorded: db
      .select({ groupId: meetings.groupId, week: meetings.week, status: meetings.status })
      .from(meetings)
      .innerJoin(groupFacilitators, eq(groupFacilitators.groupId, meetings.groupId))
      .where(eq(groupFacilitators.userId, userId))
      .prepare(),
  }
}
const facilitatorQueries = preparedPerConnection(prepareFacilitatorQueries)

/** A facilitator's groups with where each one is this week (one query for groups, one for meetings). */
export function facilitatorGroups(userId: number, now = new Date()) {
  const db = getDb()
  const q = facilitatorQueries(db)
  const rows = q.groups.all({ userId })
  const recorded = rows.length ? q.recorded.all({ userId }) : []
  const weeksOf = new Map<number, Set<number>>()
  for (const m of recorded) {
    let weeks = weeksOf.get(m.groupId)
    if (!weeks) weeksOf.set(m.groupId, (weeks = new Set()))
    weeks.add(m.week)
  }
  return rows.map((g) => {
    const week = currentWeek(g.schedule, now)
    const next = nextMeeting(g.schedule, now)
    const weeks = weeksOf.get(g.id) ?? new Set<number>()
    const unrecorded = Array.from({ length: week }, (_, i) => i + 1).filter((w) => !weeks.has(w))
    return { ...g, week, next, recordedWeeks: weeks.size, unrecorded }
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
  const rows = groupQueries().members.all({ groupId: group.id })
  return rows.map((r) => ({ ...r, onRoster: onGroupRoster(group.arm, week, r.decision, settings) }))
}

export function groupFacilitatorUsers(groupId: number) {
  return groupQueries().facilitators.all({ groupId })
}
