import { and, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm'
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
  toxResults,
  users,
  weeklySurveys,
} from '#db/schema'
import { auditParticipantsShown } from '~/auth/audit.server'
import { roleHas } from '~/auth/permissions'
import type { SessionUser } from '~/auth/session.server'
import { getDb } from '~/db.server'
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

export type ShownAlert = Alert & {
  label: string
  studyId: string
  groupId: number
  groupName: string
  cohortId: number
  cohortName: string
}

export type Acknowledgement = typeof alertAcknowledgements.$inferSelect & { byName: string }

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

/** Every alert in the scope now, and the acknowledgements of alerts in it (newest first). */
export function alertsInScope(scope: Scope, now = new Date()) {
  const { people, inputs } = loadInputs(scope)
  const byId = new Map(people.map((p) => [p.participantId, p]))
  const all: ShownAlert[] = inputs.flatMap((input) =>
    alertsFor(input, now).map((a) => {
      const p = byId.get(a.participantId)!
      return {
        ...a,
        label: ALERT_LABEL[a.kind],
        studyId: p.studyId,
        groupId: p.groupId,
        groupName: p.groupName,
        cohortId: p.cohortId,
        cohortName: p.cohortName,
      }
    }),
  )
  const ids = people.map((p) => p.participantId)
  const acknowledgements: Acknowledgement[] = ids.length
    ? getDb()
        .select({ ack: alertAcknowledgements, byName: users.name })
        .from(alertAcknowledgements)
        .innerJoin(users, eq(users.id, alertAcknowledgements.acknowledgedBy))
        .where(inArray(alertAcknowledgements.participantId, ids))
        .orderBy(desc(alertAcknowledgements.acknowledgedAt), desc(alertAcknowledgements.id))
        .all()
        .map((r) => ({ ...r.ack, byName: r.byName }))
    : []
  const acked = new Set(acknowledgements.map((a) => a.alertKey))
  return {
    open: all.filter((a) => !acked.has(a.key)),
    acknowledgements,
    studyIds: new Map(people.map((p) => [p.participantId, p.studyId])),
  }
}

/**
 * The open alerts a dashboard shows for this person (null: alerts are not for their role).
 * Showing them is a staff view of participant data: audit-logged per participant shown.
 */
export function dashboardAlerts(user: Pick<SessionUser, 'id' | 'role'>, now = new Date()): ShownAlert[] | null {
  const scope = scopeOf(user)
  if (!scope) return null
  const { open } = alertsInScope(scope, now)
  auditParticipantsShown(
    { actorId: user.id, action: 'alerts.read', entity: 'alerts' },
    open.map((a) => a.participantId),
  )
  return open
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
  const alert = scope ? alertsInScope(scope, now).open.find((a) => a.key === alertKey) : undefined
  if (!alert || !isAlertKind(alert.kind))
    return [{ message: 'This alert is no longer open (it may have been acknowledged by someone else).' }]
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
 * Alert emails for staff who opted in (facilitators, coordinators): one short message per new
 * open alert, queued in the outbox under `<user>:staff_alert:<alert key>` so each alert is emailed
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
    for (const alert of alertsInScope(scope, now).open) {
      const added = enqueue({
        channel: 'email',
        kind: 'staff_alert',
        userId: person.id,
        dedupeKey: `${person.id}:staff_alert:${alert.key}`,
        recipient: person.email,
        locale: 'en',
        subject: `New alert: ${alert.label}`,
        body:
          `There is a new alert about a participant in ${person.role === 'facilitator' ? 'your groups' : 'the programme'}: ${alert.label.toLowerCase()}.\n\n` +
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
