import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import {
  calendarFeeds,
  cohortSchedule,
  cohorts,
  continuationDecisions,
  groupFacilitators,
  groups,
  meetings,
  participants,
  users,
  type Locale,
} from '#db/schema'
import { audit } from '~/auth/audit.server'
import { sha256 } from '~/auth/hash'
import { getDb } from '~/db.server'
import { facilitatorEvents, participantEvents, type CalendarEvent, type FeedWords } from './calendar-events'
import { onGroupRoster } from './continuation'
import { getProgrammeSettings } from './settings.server'

/**
 * Private calendar feeds (issue 13). The feed's URL carries a random secret (the only credential
 * a calendar app can present); the database keeps its hash, so the link is shown once and a lost
 * or shared link is replaced by making a new one, which stops the old one at once.
 */
export function hasCalendarFeed(userId: number): boolean {
  return !!getDb().select({ u: calendarFeeds.userId }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get()
}

/** Makes (or replaces) the person's feed secret; returns it, to be shown once. */
export function resetCalendarFeed(userId: number): string {
  const token = randomBytes(32).toString('base64url')
  const db = getDb()
  db.transaction((tx) => {
    tx.insert(calendarFeeds)
      .values({ userId, tokenHash: sha256(token) })
      .onConflictDoUpdate({
        target: calendarFeeds.userId,
        set: { tokenHash: sha256(token), createdAt: new Date().toISOString() },
      })
      .run()
    audit({ actorId: userId, action: 'calendar.reset', entity: 'user', entityId: userId }, tx)
  })
  return token
}

export function removeCalendarFeed(userId: number) {
  const db = getDb()
  db.transaction((tx) => {
    tx.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId)).run()
    audit({ actorId: userId, action: 'calendar.remove', entity: 'user', entityId: userId }, tx)
  })
}

/** The owner of a feed secret, or null (unknown, replaced, or the account is gone or disabled). */
export function calendarFeedOwner(token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  return (
    getDb()
      .select({ id: users.id, role: users.role, name: users.name, locale: users.locale })
      .from(calendarFeeds)
      .innerJoin(users, eq(users.id, calendarFeeds.userId))
      .where(and(eq(calendarFeeds.tokenHash, sha256(token)), eq(users.disabled, false)))
      .get() ?? null
  )
}

/**
 * The events of a person's feed: a participant's own group (on their track, in their language),
 * a facilitator's groups with links to each session screen. Anyone else, or a participant no
 * longer in a group, gets an empty calendar rather than an error (the app keeps polling it).
 */
export function calendarEventsFor(
  owner: { id: number; role: string; locale: Locale },
  origin: string,
  words: FeedWords,
): CalendarEvent[] {
  const db = getDb()
  const settings = getProgrammeSettings()
  if (owner.role === 'participant') {
    const p = db
      .select({
        id: participants.id,
        status: participants.status,
        groupId: groups.id,
        groupName: groups.name,
        arm: groups.arm,
        schedule: cohortSchedule,
        decision: continuationDecisions.decision,
      })
      .from(participants)
      .innerJoin(groups, eq(groups.id, participants.groupId))
      .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
      .leftJoin(continuationDecisions, eq(continuationDecisions.participantId, participants.id))
      .where(eq(participants.userId, owner.id))
      .get()
    if (!p || p.status === 'withdrawn') return []
    return participantEvents({
      participantId: p.id,
      groupName: p.groupName,
      schedule: p.schedule,
      meetings: db
        .select({ week: meetings.week, status: meetings.status })
        .from(meetings)
        .where(eq(meetings.groupId, p.groupId))
        .all(),
      onRoster: (week) => onGroupRoster(p.arm, week, p.decision ?? null, settings),
      graceDays: settings.surveyGraceDays,
      words,
    })
  }
  if (owner.role === 'facilitator') {
    const led = db
      .select({ id: groups.id, name: groups.name, schedule: cohortSchedule })
      .from(groupFacilitators)
      .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
      .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
      .where(and(eq(groupFacilitators.userId, owner.id)))
      .all()
    const held = led.length
      ? db
          .select({ groupId: meetings.groupId, week: meetings.week, status: meetings.status })
          .from(meetings)
          .innerJoin(groupFacilitators, eq(groupFacilitators.groupId, meetings.groupId))
          .where(eq(groupFacilitators.userId, owner.id))
          .all()
      : []
    return facilitatorEvents({
      groups: led.map((g) => ({ ...g, meetings: held.filter((m) => m.groupId === g.id) })),
      origin,
      words,
    })
  }
  return []
}
