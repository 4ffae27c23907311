import { TZDate } from '@date-fns/tz'
import type { Arm, Locale, ReminderKind } from '#db/schema'
import { onGroupRoster, type ContinuationSettings, type Decision } from './continuation'
import { addDays, localDate, meetingDate, meetingInstant, PROGRAMME_WEEKS, type CohortSchedule } from './schedule'
import { surveyWindow } from './survey-window'

/**
 * Which email reminders are due (issue 13), as pure functions of "now" and the people: no db,
 * no clock. The scheduler (app/domain/reminders.server.ts) loads the inputs, asks `dueReminders`,
 * and queues what comes back in the outbox under each message's dedupe key, so asking again a
 * minute later queues nothing new.
 */

export type ReminderPrefs = {
  kinds: Record<ReminderKind, boolean>
  /** HH:MM, the person's local time of day for reminders */
  sendAt: string
  /** HH:MM local: no sending from quietStart until quietEnd (equal: no quiet hours) */
  quietStart: string
  quietEnd: string
}

export const DEFAULT_REMINDER_PREFS: ReminderPrefs = {
  kinds: { meeting_tomorrow: true, survey_open: true, survey_closing: true },
  sendAt: '18:00',
  quietStart: '21:00',
  quietEnd: '08:00',
}

export type ReminderPerson = {
  userId: number
  locale: Locale
  /** the person's own IANA zone (users.time_zone); the cohort's zone is in `schedule` */
  timeZone: string
  prefs: ReminderPrefs
  schedule: CohortSchedule
  graceDays: number
  arm: Arm
  decision: Decision | null
  continuation: ContinuationSettings
  /** weeks whose weekly check-in survey is already answered */
  weeklyDone: readonly number[]
  /** weeks whose meeting is cancelled (no "meeting tomorrow") */
  cancelledWeeks?: readonly number[]
}

export type PlannedReminder = {
  userId: number
  kind: ReminderKind
  week: number
  dedupeKey: string
  locale: Locale
  /** when it should go out: the chosen time of day, moved out of quiet hours */
  sendAt: Date
  /** after this it is wrong or pointless to send (the meeting day began, the survey closed) */
  expiresAt: Date
  /** the check-in-only track gets no group-meeting wording */
  track: 'group' | 'checkin_only'
  meetingAt: Date
  /** the survey window's last day (cohort calendar date) */
  closesOn: string
}

/** `<user>:<kind>:<week>`: one reminder of a kind per person per programme week, ever. */
export function reminderDedupeKey(userId: number, kind: ReminderKind, week: number): string {
  return `${userId}:${kind}:${week}`
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
export function isTimeOfDay(value: string): boolean {
  return TIME.test(value)
}
function minutesOf(hhmm: string): number {
  const m = TIME.exec(hhmm)
  if (!m) throw new RangeError(`not a time of day: ${hhmm}`)
  return Number(m[1]) * 60 + Number(m[2])
}

/** The instant of a local wall-clock time on a local date in a zone (DST-aware, via TZDate). */
export function localInstant(date: string, hhmm: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number)
  const minutes = minutesOf(hhmm)
  return new Date(new TZDate(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60, 0, timeZone).getTime())
}

function localMinutes(at: Date, timeZone: string): number {
  const local = new TZDate(at.getTime(), timeZone)
  return local.getHours() * 60 + local.getMinutes()
}

export type QuietHours = { quietStart: string; quietEnd: string }

/** Whether a clock time (HH:MM) falls in the quiet hours; equal start and end: never. */
export function timeInQuietHours(hhmm: string, quiet: QuietHours): boolean {
  return minutesInQuiet(minutesOf(hhmm), quiet)
}

function minutesInQuiet(m: number, quiet: QuietHours): boolean {
  const start = minutesOf(quiet.quietStart)
  const end = minutesOf(quiet.quietEnd)
  if (start === end) return false
  return start < end ? m >= start && m < end : m >= start || m < end
}

export function inQuietHours(at: Date, timeZone: string, quiet: QuietHours): boolean {
  return minutesInQuiet(localMinutes(at, timeZone), quiet)
}

/** `at` itself, or the end of the quiet hours it falls in (in the person's zone). */
export function outOfQuietHours(at: Date, timeZone: string, quiet: QuietHours): Date {
  if (!inQuietHours(at, timeZone, quiet)) return at
  const today = localDate(at, timeZone)
  const start = minutesOf(quiet.quietStart)
  const end = minutesOf(quiet.quietEnd)
  // A window across midnight, entered in the evening, ends tomorrow morning.
  const endDay = start > end && localMinutes(at, timeZone) >= start ? addDays(today, 1) : today
  return localInstant(endDay, quiet.quietEnd, timeZone)
}

/** The first instant at or after `notBefore` that is the person's chosen time of day. */
function nextSendTime(notBefore: Date, p: ReminderPerson): Date {
  const day = localDate(notBefore, p.timeZone)
  const same = localInstant(day, p.prefs.sendAt, p.timeZone)
  return same.getTime() >= notBefore.getTime() ? same : localInstant(addDays(day, 1), p.prefs.sendAt, p.timeZone)
}

const ALL_WEEKS = Array.from({ length: PROGRAMME_WEEKS }, (_, i) => i + 1)

/**
 * Every reminder of a person's programme (or of the given weeks), with when to send it (pure;
 * the planner's core).
 */
export function plannedReminders(p: ReminderPerson, weeks: readonly number[] = ALL_WEEKS): PlannedReminder[] {
  const out: PlannedReminder[] = []
  const cancelled = new Set(p.cancelledWeeks ?? [])
  const done = new Set(p.weeklyDone)
  for (const week of weeks) {
    const times = weekTimes(p, week)
    const track: PlannedReminder['track'] = onGroupRoster(p.arm, week, p.decision, p.continuation)
      ? 'group'
      : 'checkin_only'
    const base = {
      userId: p.userId,
      week,
      locale: p.locale,
      track,
      meetingAt: times.meetingAt,
      closesOn: times.closes,
    } as const
    const add = (kind: ReminderKind, slot: Slot | null) => {
      if (slot) out.push({ ...base, kind, dedupeKey: reminderDedupeKey(p.userId, kind, week), ...slot })
    }
    if (p.prefs.kinds.meeting_tomorrow && !cancelled.has(week)) add('meeting_tomorrow', times.meeting_tomorrow)
    if (done.has(week)) continue
    if (p.prefs.kinds.survey_open) add('survey_open', times.survey_open)
    if (p.prefs.kinds.survey_closing) add('survey_closing', times.survey_closing)
  }
  return out
}

type Slot = { sendAt: Date; expiresAt: Date }
type WeekTimes = { meetingAt: Date; closes: string } & Record<ReminderKind, Slot | null>

/**
 * When each kind of a week's reminders goes out for a person: depends only on the cohort's
 * schedule, the person's zone, time of day and quiet hours, so people who share them share one
 * computation (kept for the process, bounded).
 */
const timesCache = new Map<string, WeekTimes>()
function weekTimes(p: ReminderPerson, week: number): WeekTimes {
  const { schedule: c, timeZone: zone, prefs } = p
  const key = [
    c.startDate,
    c.weekday,
    c.startTime,
    c.timeZone,
    zone,
    prefs.sendAt,
    prefs.quietStart,
    prefs.quietEnd,
    p.graceDays,
    week,
  ].join('|')
  let times = timesCache.get(key)
  if (times) return times
  const meetingAt = meetingInstant(c, week)
  const { opens, closes } = surveyWindow(c, week, p.graceDays)
  const opensAt = localInstant(opens, '00:00', c.timeZone)
  const closesAt = localInstant(addDays(closes, 1), '00:00', c.timeZone)
  const slot = (chosen: Date, expiresAt: Date): Slot | null => {
    const sendAt = outOfQuietHours(chosen, zone, prefs)
    return sendAt.getTime() < expiresAt.getTime() ? { sendAt, expiresAt } : null
  }
  // The day before the meeting in the person's own zone; "tomorrow" is wrong once that day ends.
  const meetingDay = localDate(meetingAt, zone)
  const meetingTomorrow = slot(
    localInstant(addDays(meetingDay, -1), prefs.sendAt, zone),
    localInstant(meetingDay, '00:00', zone),
  )
  // On the window's last day as the person sees it (or the day before if their time is past the close).
  const lastDay = localDate(new Date(closesAt.getTime() - 1), zone)
  let closing = localInstant(lastDay, prefs.sendAt, zone)
  if (closing.getTime() >= closesAt.getTime()) closing = localInstant(addDays(lastDay, -1), prefs.sendAt, zone)
  times = {
    meetingAt,
    closes,
    meeting_tomorrow: meetingTomorrow,
    survey_open: slot(nextSendTime(opensAt, p), closesAt),
    survey_closing: closing.getTime() > opensAt.getTime() ? slot(closing, closesAt) : null,
  }
  if (timesCache.size > 10_000) timesCache.clear()
  timesCache.set(key, times)
  return times
}

/**
 * The planner: the reminders due at `now` for everyone given, i.e. whose send time has come and
 * which are not yet stale. Whether one was already queued is the outbox's dedupe key's business.
 */
export function dueReminders(now: Date, people: readonly ReminderPerson[]): PlannedReminder[] {
  const t = now.getTime()
  return people.flatMap((p) =>
    plannedReminders(p, weeksNear(p, now)).filter((r) => r.sendAt.getTime() <= t && t < r.expiresAt.getTime()),
  )
}

/**
 * The only weeks that can have a reminder due now: meetings from (grace + 3) days ago to 3 days
 * ahead (every reminder of week N lies between the day before its survey opens and its close).
 * Calendar arithmetic only, so a run over thousands of people stays cheap.
 */
const nearCache = new Map<string, number[]>()
export function weeksNear(p: Pick<ReminderPerson, 'schedule' | 'graceDays'>, now: Date): number[] {
  const c = p.schedule
  const key = [c.startDate, c.weekday, c.timeZone, p.graceDays, localDate(now, c.timeZone)].join('|')
  let weeks = nearCache.get(key)
  if (!weeks) {
    if (nearCache.size > 10_000) nearCache.clear()
    nearCache.set(key, (weeks = computeWeeksNear(p, now)))
  }
  return weeks
}

function computeWeeksNear(p: Pick<ReminderPerson, 'schedule' | 'graceDays'>, now: Date): number[] {
  const today = localDate(now, p.schedule.timeZone)
  const from = addDays(today, -(p.graceDays + 3))
  const to = addDays(today, 3)
  return ALL_WEEKS.filter((w) => {
    const day = meetingDate(p.schedule, w)
    return day >= from && day <= to
  })
}

/** Retry delay after the n-th failed attempt (1-based): 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000)
}

/** After this many failed attempts a message is marked failed for good. */
export const MAX_ATTEMPTS = 8
