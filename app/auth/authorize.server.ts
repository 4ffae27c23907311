import { eq, inArray } from 'drizzle-orm'
import { cohorts, groupFacilitators, groups, meetings, participants } from '#db/schema'
import { getDb } from '~/db.server'
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

function facilitatorsOfGroups(groupIds: number[]): number[] {
  if (groupIds.length === 0) return []
  return getDb()
    .select({ userId: groupFacilitators.userId })
    .from(groupFacilitators)
    .where(inArray(groupFacilitators.groupId, groupIds))
    .all()
    .map((r) => r.userId)
}

function loadFacts(resource: Resource): (ResourceFacts & { participantId?: number }) | null {
  const db = getDb()
  switch (resource.type) {
    case 'group': {
      const group = db.select({ id: groups.id }).from(groups).where(eq(groups.id, resource.id)).get()
      return group ? { facilitatorIds: facilitatorsOfGroups([group.id]) } : null
    }
    case 'cohort': {
      const cohort = db.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.id, resource.id)).get()
      if (!cohort) return null
      const ids = db.select({ id: groups.id }).from(groups).where(eq(groups.cohortId, cohort.id)).all()
      return { facilitatorIds: facilitatorsOfGroups(ids.map((g) => g.id)) }
    }
    case 'meeting': {
      const meeting = db.select({ groupId: meetings.groupId }).from(meetings).where(eq(meetings.id, resource.id)).get()
      return meeting ? { facilitatorIds: facilitatorsOfGroups([meeting.groupId]) } : null
    }
    case 'participant': {
      const p = db
        .select({ id: participants.id, userId: participants.userId, groupId: participants.groupId })
        .from(participants)
        .where(eq(participants.id, resource.id))
        .get()
      if (!p) return null
      return {
        participantId: p.id,
        participantUserId: p.userId,
        facilitatorIds: facilitatorsOfGroups(p.groupId ? [p.groupId] : []),
      }
    }
  }
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
