import { PROGRAMME_WEEKS, meetingInstant, type CohortSchedule } from './schedule'
import { surveyWindow } from './survey-window'

/**
 * What a person's calendar feed holds (issue 13), as plain events: pure, values in, values out.
 * Each occurrence's instant is computed on its own in the cohort's time zone, so a meeting at
 * 18:00 stays at 18:00 local on both sides of a daylight-saving change (the feed writes UTC).
 */

export const CHECKIN_MINUTES = 30
export const GROUP_MINUTES = 60

export type CalendarEvent = {
  /** stable across feed refreshes: calendars update the event instead of duplicating it */
  uid: string
  start: Date
  end: Date
  /** all-day events (survey windows) are dated, not timed: `start`/`end` are days, end exclusive */
  allDay?: { start: string; end: string }
  summary: string
  description?: string
  url?: string
  cancelled: boolean
}

export type WeekMeeting = { week: number; status: 'scheduled' | 'held' | 'missed' | 'cancelled' | string }

/** Words a feed uses, in the reader's language. Blinding: never an arm, a phase or a lesson name. */
export type FeedWords = {
  checkIn: (group: string) => string
  groupMeeting: (group: string) => string
  surveyOpen: string
  sessionScreen?: string
}

const minutes = (n: number) => n * 60_000

/**
 * A participant's feed: every week's check-in; the group hour only in weeks they are on the group
 * roster (`onRoster(week)`: the check-in-only track has none from week 9); each week's check-in
 * survey window as an all-day event. A cancelled meeting is a cancelled event.
 */
export function participantEvents(input: {
  participantId: number
  groupName: string
  schedule: CohortSchedule
  meetings: readonly WeekMeeting[]
  onRoster: (week: number) => boolean
  graceDays: number
  words: FeedWords
}): CalendarEvent[] {
  const { schedule, words, groupName } = input
  const statusOf = new Map(input.meetings.map((m) => [m.week, m.status]))
  const events: CalendarEvent[] = []
  for (let week = 1; week <= PROGRAMME_WEEKS; week++) {
    const start = meetingInstant(schedule, week)
    const cancelled = statusOf.get(week) === 'cancelled'
    events.push({
      uid: `p${input.participantId}-w${week}-checkin`,
      start,
      end: new Date(start.getTime() + minutes(CHECKIN_MINUTES)),
      summary: words.checkIn(groupName),
      cancelled,
    })
    if (input.onRoster(week)) {
      const groupStart = new Date(start.getTime() + minutes(CHECKIN_MINUTES))
      events.push({
        uid: `p${input.participantId}-w${week}-group`,
        start: groupStart,
        end: new Date(groupStart.getTime() + minutes(GROUP_MINUTES)),
        summary: words.groupMeeting(groupName),
        cancelled,
      })
    }
    const window = surveyWindow(schedule, week, input.graceDays)
    events.push({
      uid: `p${input.participantId}-w${week}-survey`,
      start,
      end: start,
      allDay: { start: window.opens, end: nextDay(window.closes) },
      summary: words.surveyOpen,
      cancelled: false,
    })
  }
  return events
}

/** A facilitator's feed: each group they lead, each week's meeting (check-in and group hour), with a link to its session screen. */
export function facilitatorEvents(input: {
  groups: readonly { id: number; name: string; schedule: CohortSchedule; meetings: readonly WeekMeeting[] }[]
  origin: string
  words: FeedWords
}): CalendarEvent[] {
  const events: CalendarEvent[] = []
  for (const g of input.groups) {
    const statusOf = new Map(g.meetings.map((m) => [m.week, m.status]))
    for (let week = 1; week <= PROGRAMME_WEEKS; week++) {
      const start = meetingInstant(g.schedule, week)
      const url = `${input.origin}/groups/${g.id}/weeks/${week}`
      events.push({
        uid: `g${g.id}-w${week}`,
        start,
        end: new Date(start.getTime() + minutes(CHECKIN_MINUTES + GROUP_MINUTES)),
        summary: `${g.name}: week ${week}`,
        description: input.words.sessionScreen ? `${input.words.sessionScreen}: ${url}` : url,
        url,
        cancelled: statusOf.get(week) === 'cancelled',
      })
    }
  }
  return events
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
