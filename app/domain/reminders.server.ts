import { and, eq, gte, inArray, isNotNull, lte, ne } from 'drizzle-orm'
import {
  cohortSchedule,
  cohorts,
  continuationDecisions,
  groups,
  meetings,
  participants,
  reminderPreferences,
  users,
  weeklySurveys,
  type Locale,
  type ReminderKind,
} from '#db/schema'
import { getDb } from '~/db.server'
import { env } from '~/env.server'
import { formatCalendarDate, formatMeetingTime } from '~/i18n/format'
import { i18nT } from '~/i18n/i18n.server'
import { unsubscribeHeaders, unsubscribeUrl } from '~/mail/unsubscribe.server'
import { enqueue, existingKeys } from './outbox.server'
import { renderReminder, templateFor, type MessageVars, type TemplateId } from './reminder-messages'
import {
  DEFAULT_REMINDER_PREFS,
  dueReminders,
  type PlannedReminder,
  type ReminderPerson,
  type ReminderPrefs,
} from './reminders'
import { addDays } from './schedule'
import { getProgrammeSettings } from './settings.server'

/** A fixed-language `t` for emails (no request: the person's saved language decides). */
export function emailT(locale: Locale): (key: string, vars?: Record<string, string>) => string {
  const t = i18nT(locale)
  return (key, vars) => t(key, vars ?? {}) as string
}

type PrefsRow = typeof reminderPreferences.$inferSelect

function prefsOf(row: PrefsRow | null | undefined): ReminderPrefs & { staffAlerts: boolean } {
  if (!row) return { ...DEFAULT_REMINDER_PREFS, staffAlerts: false }
  return {
    kinds: { meeting_tomorrow: row.meetingTomorrow, survey_open: row.surveyOpen, survey_closing: row.surveyClosing },
    sendAt: row.sendAt,
    quietStart: row.quietStart,
    quietEnd: row.quietEnd,
    staffAlerts: row.staffAlerts,
  }
}

export function getReminderPrefs(userId: number) {
  return prefsOf(getDb().select().from(reminderPreferences).where(eq(reminderPreferences.userId, userId)).get())
}

export type PrefsInput = ReminderPrefs & { staffAlerts?: boolean }

export function saveReminderPrefs(userId: number, input: PrefsInput) {
  const values = {
    meetingTomorrow: input.kinds.meeting_tomorrow,
    surveyOpen: input.kinds.survey_open,
    surveyClosing: input.kinds.survey_closing,
    sendAt: input.sendAt,
    quietStart: input.quietStart,
    quietEnd: input.quietEnd,
    ...(input.staffAlerts === undefined ? {} : { staffAlerts: input.staffAlerts }),
    updatedAt: new Date().toISOString(),
  }
  getDb()
    .insert(reminderPreferences)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: reminderPreferences.userId, set: values })
    .run()
}

/** The one-click unsubscribe: only this kind goes off; everything else stays as it was. */
export function turnOffKind(userId: number, kind: ReminderKind) {
  const current = getReminderPrefs(userId)
  saveReminderPrefs(userId, { ...current, kinds: { ...current.kinds, [kind]: false } })
}

/** The address reminders go to: the participant's contact email, kept current by staff. */
export function reminderAddress(userId: number): string | null {
  return (
    getDb().select({ email: participants.contactEmail }).from(participants).where(eq(participants.userId, userId)).get()
      ?.email ?? null
  )
}

type LoadedPerson = ReminderPerson & { email: string }

/**
 * Everyone who can get reminders now, in three queries whatever their number: participants with
 * an account and a group, still in the programme, in a cohort that is not over; their answered
 * weeks; their groups' cancelled meetings.
 */
export function loadReminderPeople(now = new Date()): LoadedPerson[] {
  const db = getDb()
  const today = now.toISOString().slice(0, 10)
  const settings = getProgrammeSettings()
  const rows = db
    .select({
      participantId: participants.id,
      userId: users.id,
      email: participants.contactEmail,
      locale: users.locale,
      timeZone: users.timeZone,
      groupId: groups.id,
      arm: groups.arm,
      schedule: cohortSchedule,
      decision: continuationDecisions.decision,
      prefs: reminderPreferences,
    })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .innerJoin(groups, eq(groups.id, participants.groupId))
    .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
    .leftJoin(continuationDecisions, eq(continuationDecisions.participantId, participants.id))
    .leftJoin(reminderPreferences, eq(reminderPreferences.userId, users.id))
    .where(
      and(
        inArray(participants.status, ['enrolled', 'active']),
        eq(users.disabled, false),
        ne(cohorts.status, 'completed'),
        isNotNull(participants.groupId),
        // Cohorts whose 24 weeks are running (or about to start): a cheap bound on the work.
        gte(cohorts.startDate, addDays(today, -26 * 7)),
        lte(cohorts.startDate, addDays(today, 14)),
      ),
    )
    .all()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.participantId)
  const done = new Map<number, number[]>()
  for (const s of db
    .select({ participantId: weeklySurveys.participantId, week: weeklySurveys.week })
    .from(weeklySurveys)
    .where(inArray(weeklySurveys.participantId, ids))
    .all())
    done.set(s.participantId, [...(done.get(s.participantId) ?? []), s.week])
  const cancelled = new Map<number, number[]>()
  for (const m of db
    .select({ groupId: meetings.groupId, week: meetings.week })
    .from(meetings)
    .where(and(eq(meetings.status, 'cancelled'), inArray(meetings.groupId, [...new Set(rows.map((r) => r.groupId))])))
    .all())
    cancelled.set(m.groupId, [...(cancelled.get(m.groupId) ?? []), m.week])
  return rows.map((r) => ({
    userId: r.userId,
    email: r.email,
    locale: r.locale,
    timeZone: r.timeZone,
    prefs: prefsOf(r.prefs),
    schedule: r.schedule,
    graceDays: settings.surveyGraceDays,
    arm: r.arm,
    decision: r.decision ?? null,
    continuation: settings,
    weeklyDone: done.get(r.participantId) ?? [],
    cancelledWeeks: cancelled.get(r.groupId) ?? [],
  }))
}

/** The words of one reminder for one person, in their language, with their own links. */
export function reminderEmail(
  r: Pick<PlannedReminder, 'userId' | 'kind' | 'track' | 'meetingAt' | 'closesOn' | 'locale'>,
  timeZone: string,
) {
  const base = env().APP_URL
  const vars: MessageVars = {
    when: formatMeetingTime(r.meetingAt, timeZone, r.locale),
    closes: formatCalendarDate(r.closesOn, r.locale),
    link: new URL(r.kind === 'meeting_tomorrow' ? '/me' : '/me/check-in', base).toString(),
    unsubscribe: unsubscribeUrl(r.userId, r.kind),
    preferences: new URL('/account/reminders', base).toString(),
  }
  return {
    ...renderReminder(emailT(r.locale), templateFor(r.kind, r.track), vars),
    headers: unsubscribeHeaders(r.userId, r.kind),
  }
}

/** Sample wording of every template in a language, for the staff preview page. */
export function previewReminders(locale: Locale): { template: TemplateId; subject: string; text: string }[] {
  const base = env().APP_URL
  const vars: MessageVars = {
    when: formatMeetingTime(new Date('2026-11-24T23:00:00Z'), 'America/New_York', locale),
    closes: formatCalendarDate('2026-11-26', locale),
    link: new URL('/me/check-in', base).toString(),
    unsubscribe: new URL('/unsubscribe/…', base).toString(),
    preferences: new URL('/account/reminders', base).toString(),
  }
  return (['meeting_tomorrow', 'meeting_tomorrow_checkin', 'survey_open', 'survey_closing'] as const).map(
    (template) => ({
      template,
      ...renderReminder(emailT(locale), template, vars),
    }),
  )
}

/**
 * The planning half of a scheduler run: every reminder due now that is not yet in the outbox is
 * rendered and queued (the dedupe key makes a second run, or a second scheduler, queue nothing).
 */
export function queueDueReminders(now: Date): number {
  const people = loadReminderPeople(now)
  const byUser = new Map(people.map((p) => [p.userId, p]))
  const due = dueReminders(now, people)
  const known = existingKeys(due.map((r) => r.dedupeKey))
  let queued = 0
  for (const r of due) {
    if (known.has(r.dedupeKey)) continue
    const person = byUser.get(r.userId)!
    const email = reminderEmail(r, person.timeZone)
    const added = enqueue({
      channel: 'email',
      kind: r.kind,
      userId: r.userId,
      dedupeKey: r.dedupeKey,
      recipient: person.email,
      locale: r.locale,
      subject: email.subject,
      body: email.text,
      headers: email.headers,
      sendAt: r.sendAt,
      expiresAt: r.expiresAt,
    })
    if (added) queued++
  }
  return queued
}
