import { eq, sql } from 'drizzle-orm'
import { cohorts, groupFacilitators, groups, meetings, participants } from '#db/schema'
import { preparedPerConnection } from '~/db.server'
import { forbidden, notFound } from '~/utils/http-errors'
import { audit } from './audit.server'
import { can, isStaff, refusalStatus, type Permission, type ResourceFacts } from './permissions'
import { requireUser, type SessionUser } from './session.server'

/**
 * The one call every loader and action makes first: who is asking, for which permission, on
 * which resource. Fails closed: 404 when the resource does not exist (or, for a participant, is
 * not theirs: no existence oracle), 403 when it exists but the permission is missing.
 * Staff reads and writes of a participant's records are audit-logged here.
 */
export type Resource =
  | { type: 'group'; id: number }
  | { type: 'cohort'; id: number }
  | { type: 'meeting'; id: number }
  | { type: 'participant'; id: number }

/**
 * The facts each kind of resource needs, one prepared query per kind (whatever the number of
 * groups or facilitators): whether the resource exists, and who leads the group(s) it belongs to.
 */
const facts = preparedPerConnection((db) => {
  const id = sql.placeholder('id')
  const leaders = sql<string | null>`group_concat(${groupFacilitators.userId})`
  return {
    group: db
      .select({ id: groups.id, leaders })
      .from(groups)
      .leftJoin(groupFacilitators, eq(groupFacilitators.groupId, groups.id))
      .where(eq(groups.id, id))
      .groupBy(groups.id)
      .prepare(),
    cohort: db
      .select({ id: cohorts.id, leaders })
      .from(cohorts)
      .leftJoin(groups, eq(groups.cohortId, cohorts.id))
      .leftJoin(groupFacilitators, eq(groupFacilitators.groupId, groups.id))
      .where(eq(cohorts.id, id))
      .groupBy(cohorts.id)
      .prepare(),
    meeting: db
      .select({ id: meetings.id, leaders })
      .from(meetings)
      .leftJoin(groupFacilitators, eq(groupFacilitators.groupId, meetings.groupId))
      .where(eq(meetings.id, id))
      .groupBy(meetings.id)
      .prepare(),
    participant: db
      .select({ id: participants.id, userId: participants.userId, leaders })
      .from(participants)
      .leftJoin(groupFacilitators, eq(groupFacilitators.groupId, participants.groupId))
      .where(eq(participants.id, id))
      .groupBy(participants.id)
      .prepare(),
  }
})

const idsOf = (leaders: string | null) => (leaders ? leaders.split(',').map(Number) : [])

function loadFacts(resource: Resource): (ResourceFacts & { participantId?: number }) | null {
  const prepared = facts()
  if (resource.type === 'participant') {
    const p = prepared.participant.get({ id: resource.id })
    return p ? { participantId: p.id, participantUserId: p.userId, facilitatorIds: idsOf(p.leaders) } : null
  }
  const row = prepared[resource.type].get({ id: resource.id })
  return row ? { facilitatorIds: idsOf(row.leaders) } : null
}

export async function authorize(request: Request, permission: Permission, resource?: Resource): Promise<SessionUser> {
  const user = await requireUser(request)
  const refuse = () => (refusalStatus(user, permission, !!resource) === 404 ? notFound() : forbidden())
  if (!resource) {
    if (!can(user, permission)) refuse()
    return user
  }
  const facts = loadFacts(resource)
  if (!facts) notFound()
  if (!can(user, permission, facts)) refuse()
  if (facts.participantId !== undefined && isStaff(user.role)) {
    audit({
      actorId: user.id,
      action: `${permission}`,
      entity: 'participant',
      entityId: facts.participantId,
      participantId: facts.participantId,
      detail: `${request.method} ${new URL(request.url).pathname}`,
    })
  }
  return user
}
