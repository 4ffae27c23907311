import { and, count, desc, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm'
import {
  adverseEvents,
  alertAcknowledgements,
  attendance,
  cohortSchedule,
  cohorts,
  groupFacilitators,
  groups,
  meetings,
  participants,
  reminderPreferences,
  staffAlerts,
  toxResults,
  users,
  weeklySurveys,
} from '#db/schema'
import { auditParticipantsShown } from '~/auth/audit.server'
import { roleHas } from '~/auth/permissions'
import type { SessionUser } from '~/auth/session.server'
import { getDb, preparedPerConnection, type DB } from '~/db.server'
import { cacheUntilDataChanges } from '~/utils/until-data-changes.server'
import { enqueue } from './outbox.server'
import { ALERT_LABEL, alertsFor, isAlertKind, type Alert, type AlertInput } from './alerts'
import { getProgrammeSettings } from './settings.server'

/**
 * Loads what the alert rules need for everyone a staff member may see, in seven queries whatever
 * the number of participants (participants, meetings, attendance, surveys, tests, serious
 * events, acknowledgements), and applies the rules (app/domain/alerts.ts).
 * Facilitators see only their own groups' participants; coordinators see everyone's. Only
 * participants still in the programme, in cohorts not completed, raise alerts.
 */
export type Scope = { facilitatorId: number } | 'all'

export function scopeOf(user: Pick<SessionUser, 'id' | 'role'>): Scope | null {
  if (!roleHas(user.role, 'participant:read')) return null
  // Facilitators' participant:read is for their own groups only (app/auth/permissions.ts).
  if (user.role === 'facilitator') return { facilitatorId: user.id }
  return user.role === 'coordinator' ? 'all' : null
}

function loadInputs(scope: Scope) {
  const db = getDb()
  const settings = getProgrammeSettings()
  const inScope =
    scope === 'all'
      ? undefined
      : inArray(
          participants.groupId,
          db
            .select({ id: groupFacilitators.groupId })
            .from(groupFacilitators)
            .where(eq(groupFacilitators.userId, scope.facilitatorId)),
        )
  const people = db
    .select({
      participantId: participants.id,
      studyId: participants.studyId,
      groupId: groups.id,
      groupName: groups.name,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      schedule: cohortSchedule,
    })
    .from(participants)
    .innerJoin(groups, eq(groups.id, participants.groupId))
    .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
    .where(
      and(
        inArray(participants.status, ['enrolled', 'active']),
        isNotNull(participants.groupId),
        ne(cohorts.status, 'completed'),
        inScope,
      ),
    )
    .all()
  if (people.length === 0) return { people, inputs: [] as AlertInput[], settings }
  const ids = people.map((p) => p.participantId)
  const groupIds = [...new Set(people.map((p) => p.groupId))]
  const group = <T>(rows: T[], key: (r: T) => number) => {
    const map = new Map<number, T[]>()
    for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r])
    return map
  }
  const held = group(
    db
      .select({ groupId: meetings.groupId, id: meetings.id, week: meetings.week })
      .from(meetings)
      .where(and(inArray(meetings.groupId, groupIds), eq(meetings.status, 'held')))
      .all(),
    (m) => m.groupId,
  )
  const marks = new Map(
    db
      .select({ meetingId: attendance.meetingId, participantId: attendance.participantId, status: attendance.status })
      .from(attendance)
      .where(inArray(attendance.participantId, ids))
      .all()
      .map((a) => [`${a.meetingId}:${a.participantId}`, a.status] as const),
  )
  const surveys = group(
    db
      .select({ participantId: weeklySurveys.participantId, week: weeklySurveys.week })
      .from(weeklySurveys)
      .where(inArray(weeklySurveys.participantId, ids))
      .all(),
    (s) => s.participantId,
  )
  const tests = group(
    db
      .selectDistinct({ participantId: toxResults.participantId, period: toxResults.period })
      .from(toxResults)
      .where(inArray(toxResults.participantId, ids))
      .all(),
    (t) => t.participantId,
  )
  const serious = group(
    db
      .select({ participantId: adverseEvents.participantId, id: adverseEvents.id, onsetDate: adverseEvents.onsetDate })
      .from(adverseEvents)
      .where(and(inArray(adverseEvents.participantId, ids), eq(adverseEvents.serious, true)))
      .all(),
    (e) => e.participantId,
  )
  const inputs: AlertInput[] = people.map((p) => ({
    participantId: p.participantId,
    schedule: p.schedule,
    graceDays: settings.surveyGraceDays,
    sessions: (held.get(p.groupId) ?? []).map((m) => ({
      week: m.week,
      status: marks.get(`${m.id}:${p.participantId}`) ?? null,
    })),
    weeklyDone: (surveys.get(p.participantId) ?? []).map((s) => s.week),
    testedPeriods: (tests.get(p.participantId) ?? []).map((t) => t.period),
    seriousEvents: serious.get(p.participantId) ?? [],
  }))
  return { people, inputs, settings }
}

/** Every alert the records raise now, for everyone in the scope (the rules, over loaded data). */
export function computeAlerts(scope: Scope, now = new Date()): (Alert & { groupId: number })[] {
  const { people, inputs } = loadInputs(scope)
  const groupOf = new Map(people.map((p) => [p.participantId, p.groupId]))
  return inputs.flatMap((input) => alertsFor(input, now).map((a) => ({ ...a, groupId: groupOf.get(a.participantId)! })))
}

/**
 * Brings staff_alerts up to date with the records (the scheduler does this on every run): new
 * alerts are raised, alerts the records no longer raise are cleared, and cleared ones that come
 * back are opened again. Returns how many were raised.
 */
export function refreshAlerts(now = new Date()): number {
  const db = getDb()
  const current = computeAlerts('all', now)
  const at = now.toISOString()
  return db.transaction((tx) => {
    const open = new Set(
      tx
        .select({ key: staffAlerts.alertKey })
        .from(staffAlerts)
        .where(isNull(staffAlerts.clearedAt))
        .all()
        .map((r) => r.key),
    )
    let raised = 0
    const seen = new Set<string>()
    for (const a of current) {
      seen.add(a.key)
      if (open.has(a.key)) continue
      tx.insert(staffAlerts)
        .values({
          alertKey: a.key,
          participantId: a.participantId,
          groupId: a.groupId,
          kind: a.kind,
          detail: a.detail,
          raisedAt: at,
        })
        .onConflictDoUpdate({
          target: staffAlerts.alertKey,
          set: { clearedAt: null, detail: a.detail, groupId: a.groupId },
        })
        .run()
      raised++
    }
    const gone = [...open].filter((k) => !seen.has(k))
    for (let i = 0; i < gone.length; i += 500)
      tx.update(staffAlerts)
        .set({ clearedAt: at })
        .where(inArray(staffAlerts.alertKey, gone.slice(i, i + 500)))
        .run()
    return raised
  })
}

/**
 * Open alerts (raised, not cleared, not acknowledged), newest first, and their number, prepared
 * once per connection: every dashboard asks (/groups, /cohorts). One query per way of choosing
 * them (every group, a facilitator's groups, one alert), so each can use its index: an optional
 * filter written as `(? is null or …)` made SQLite read every open alert (issue 16: the bench's
 * first sweep raises 165,000). Every group's newest come from `staff_alerts_open_idx` in order.
 */
const openAlertQueries = preparedPerConnection((db: DB) => {
  const notAcknowledged = sql`not exists (select 1 from ${alertAcknowledgements} where ${alertAcknowledgements.alertKey} = ${staffAlerts.alertKey})`
  const open = and(isNull(staffAlerts.clearedAt), notAcknowledged)
  const ledBy = inArray(
    staffAlerts.groupId,
    db
      .select({ id: groupFacilitators.groupId })
      .from(groupFacilitators)
      .where(eq(groupFacilitators.userId, sql.placeholder('facilitatorId'))),
  )
  const rows = (where: SQL | undefined) =>
    db
      .select({
        key: staffAlerts.alertKey,
        kind: staffAlerts.kind,
        detail: staffAlerts.detail,
        raisedAt: staffAlerts.raisedAt,
        participantId: staffAlerts.participantId,
        studyId: participants.studyId,
        groupId: staffAlerts.groupId,
        groupName: groups.name,
        cohortName: cohorts.name,
      })
      .from(staffAlerts)
      .innerJoin(participants, eq(participants.id, staffAlerts.participantId))
      .innerJoin(groups, eq(groups.id, staffAlerts.groupId))
      .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
      .where(where)
      .orderBy(desc(staffAlerts.raisedAt), staffAlerts.alertKey)
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare()
  // counted up to `cap` (a placeholder): a dashboard says "1,000+", not a count of every row
  const total = (where: SQL | undefined) =>
    db
      .select({ n: count() })
      .from(
        db
          .select({ one: sql`1` })
          .from(staffAlerts)
          .where(where)
          .limit(sql.placeholder('cap'))
          .as('capped'),
      )
      .prepare()
  const keyIs = eq(staffAlerts.alertKey, sql.placeholder('key'))
  return {
    all: { rows: rows(open), total: total(open), one: rows(and(open, keyIs)) },
    ledBy: { rows: rows(and(open, ledBy)), total: total(and(open, ledBy)), one: rows(and(open, ledBy, keyIs)) },
  }
})

/**
 * Open (raised, not cleared, not acknowledged) alerts in the scope, newest first (`offset` of them
 * skipped). With a `limit`, also their number counted up to `countUpTo` (`more`: there are more
 * than that).
 */
export function openAlerts(
  scope: Scope,
  {
    limit,
    offset = 0,
    key,
    countUpTo = DASHBOARD_COUNT_CAP,
  }: { limit?: number; offset?: number; key?: string; countUpTo?: number } = {},
) {
  const q = openAlertQueries()
  const inScope = scope === 'all' ? q.all : q.ledBy
  const params = scope === 'all' ? {} : { facilitatorId: scope.facilitatorId }
  const found =
    key === undefined
      ? inScope.rows.all({ ...params, limit: limit ?? -1, offset })
      : inScope.one.all({ ...params, key, limit: 1, offset: 0 })
  const rows = found.map((r) => ({ ...r, label: isAlertKind(r.kind) ? ALERT_LABEL[r.kind] : r.kind }))
  if (limit === undefined) return { rows, total: rows.length, more: false }
  const counted = inScope.total.get({ ...params, cap: countUpTo + 1 })?.n ?? 0
  return { rows, total: Math.min(counted, countUpTo), more: counted > countUpTo }
}

/** Dashboards and the alerts page count open alerts up to this many ("1,000+ open"). */
export const DASHBOARD_COUNT_CAP = 1000

export type ShownAlert = ReturnType<typeof openAlerts>['rows'][number]

/** Acknowledged alerts in the scope, newest first: the history (kept for good). */
export function acknowledgedAlerts(scope: Scope, limit = 500) {
  const inGroups =
    scope === 'all'
      ? undefined
      : inArray(
          participants.groupId,
          getDb()
            .select({ id: groupFacilitators.groupId })
            .from(groupFacilitators)
            .where(eq(groupFacilitators.userId, scope.facilitatorId)),
        )
  return getDb()
    .select({
      id: alertAcknowledgements.id,
      kind: alertAcknowledgements.kind,
      alertKey: alertAcknowledgements.alertKey,
      participantId: alertAcknowledgements.participantId,
      studyId: participants.studyId,
      note: alertAcknowledgements.note,
      acknowledgedAt: alertAcknowledgements.acknowledgedAt,
      byName: users.name,
    })
    .from(alertAcknowledgements)
    .innerJoin(users, eq(users.id, alertAcknowledgements.acknowledgedBy))
    .innerJoin(participants, eq(participants.id, alertAcknowledgements.participantId))
    .where(inGroups)
    .orderBy(desc(alertAcknowledgements.acknowledgedAt), desc(alertAcknowledgements.id))
    .limit(limit)
    .all()
}

/** What dashboards show of the open alerts, per scope, until the data changes (ADR 018). */
const dashboardCache = cacheUntilDataChanges<ReturnType<typeof openAlerts>>({ size: 256 })

/**
 * The open alerts a dashboard shows (the newest ten, and how many there are), or null when alerts
 * are not for this role. Showing them is a staff view of participant data: each participant
 * shown is audit-logged.
 */
export async function dashboardAlerts(
  user: Pick<SessionUser, 'id' | 'role'>,
): Promise<{ total: number; more: boolean; shown: ShownAlert[] } | null> {
  const scope = scopeOf(user)
  if (!scope) return null
  const { rows, total, more } = dashboardCache(scope === 'all' ? 'all' : `led-by:${scope.facilitatorId}`, () =>
    openAlerts(scope, { limit: 10 }),
  )
  await auditParticipantsShown(
    { actorId: user.id, action: 'alerts.read', entity: 'alerts' },
    rows.map((a) => a.participantId),
  )
  return { total, more, shown: rows }
}

/**
 * Acknowledges one open alert in the user's scope with a note. Returns a problem (for the form)
 * when the alert is not theirs to see, no longer open, or already acknowledged.
 */
export function acknowledgeAlert(
  user: Pick<SessionUser, 'id' | 'role'>,
  alertKey: string,
  note: string,
  now = new Date(),
): { path?: string; message: string }[] {
  const scope = scopeOf(user)
  const alert = scope ? openAlerts(scope, { key: alertKey }).rows[0] : undefined
  if (!alert) return [{ message: 'This alert is no longer open (it may have been acknowledged by someone else).' }]
  const inserted = getDb()
    .insert(alertAcknowledgements)
    .values({
      alertKey,
      participantId: alert.participantId,
      kind: alert.kind,
      note,
      acknowledgedBy: user.id,
      acknowledgedAt: now.toISOString(),
    })
    .onConflictDoNothing({ target: alertAcknowledgements.alertKey })
    .returning({ id: alertAcknowledgements.id })
    .all()
  if (inserted.length === 0) return [{ message: 'This alert was acknowledged by someone else a moment ago.' }]
  return []
}

/**
 * Alert emails for staff who opted in (facilitators, coordinators): one short message per open
 * alert, queued in the outbox under `<user>:staff_alert:<alert key>` so each alert is emailed
 * once. The email names no participant and no clinical detail; the dashboard has those.
 */
export function queueStaffAlertEmails(now: Date, appUrl: string): number {
  const staff = getDb()
    .select({ id: users.id, role: users.role, email: users.email })
    .from(reminderPreferences)
    .innerJoin(users, eq(users.id, reminderPreferences.userId))
    .where(
      and(
        eq(reminderPreferences.staffAlerts, true),
        eq(users.disabled, false),
        inArray(users.role, ['facilitator', 'coordinator']),
      ),
    )
    .all()
  let queued = 0
  for (const person of staff) {
    const scope = scopeOf(person)
    if (!scope) continue
    for (const alert of openAlerts(scope).rows) {
      const where = person.role === 'facilitator' ? 'your groups' : 'the programme'
      const added = enqueue({
        channel: 'email',
        kind: 'staff_alert',
        userId: person.id,
        dedupeKey: `${person.id}:staff_alert:${alert.key}`,
        recipient: person.email,
        locale: 'en',
        subject: `New alert: ${alert.label}`,
        body:
          `There is a new alert about a participant in ${where}: ${alert.label.toLowerCase()}.\n\n` +
          `Sign in to see who it is about and to acknowledge it: ${new URL('/alerts', appUrl).toString()}\n\n` +
          `--\nYou receive this because alert emails are on in your account: ${new URL('/account/reminders', appUrl).toString()}\n`,
        headers: {},
        sendAt: now,
        expiresAt: null,
      })
      if (added) queued++
    }
  }
  return queued
}
