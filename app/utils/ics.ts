import ical, { ICalEventStatus } from 'ical-generator'
import type { CalendarEvent } from '~/domain/calendar-events'

/**
 * A calendar feed as RFC 5545 text (ical-generator). Timed events are written in UTC, computed
 * per occurrence in the cohort's zone (calendar-events.ts), so every calendar app shows the local
 * time right on both sides of a daylight-saving change; survey windows are all-day dates.
 */
export function renderIcs(name: string, events: readonly CalendarEvent[]): string {
  const calendar = ical({
    name,
    // participants read this feed's raw text too: the product id names no programme (blinding)
    prodId: { company: 'weekly-groups', product: 'calendar', language: 'EN' },
    // calendar apps poll a subscribed feed; ask for a refresh every few hours
    ttl: 60 * 60 * 4,
  })
  for (const e of events) {
    calendar.createEvent({
      id: `${e.uid}@weekly-groups`,
      start: e.allDay ? new Date(`${e.allDay.start}T00:00:00Z`) : e.start,
      end: e.allDay ? new Date(`${e.allDay.end}T00:00:00Z`) : e.end,
      allDay: !!e.allDay,
      summary: e.summary,
      description: e.description,
      url: e.url,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    })
  }
  return calendar.toString()
}
