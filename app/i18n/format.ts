/**
 * Dates in words in the page language (Intl: nothing added to the bundle). Calendar dates are
 * YYYY-MM-DD; they are formatted at noon UTC so no time zone moves them to another day.
 */
const cache = new Map<string, Intl.DateTimeFormat>()

function format(lng: string, key: string, options: Intl.DateTimeFormatOptions) {
  const id = `${lng}:${key}`
  let f = cache.get(id)
  if (!f) {
    f = new Intl.DateTimeFormat(lng, options)
    cache.set(id, f)
  }
  return f
}

/** "Monday, November 23" / "lunes, 23 de noviembre" */
export function formatCalendarDate(date: string, lng: string): string {
  return format(lng, 'date', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  )
}

/** "Nov 23" / "23 nov" (chart labels) */
export function formatShortDate(date: string, lng: string): string {
  return format(lng, 'short', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`))
}

/** A meeting time in the participant's zone: "Tue, Nov 24, 6:00 PM EST" / "mar, 24 de nov, 6:00 p.m. EST" */
export function formatMeetingTime(at: Date, timeZone: string, lng: string): string {
  return format(lng, `instant:${timeZone}`, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at)
}
