import { addDays } from './schedule'

/** How far back a participant may log or change a practice: today and the 55 days before (8 weeks). */
export const PRACTICE_LOG_DAYS = 56

export type Problem = { path?: string; message: string }

/** The earliest date a practice can be logged for, given the participant's today. */
export const earliestPracticeDate = (today: string) => addDays(today, -(PRACTICE_LOG_DAYS - 1))

/**
 * Whether a practice-log entry can be accepted (pure): a guide of the participant's own group,
 * on a day from the last 8 weeks up to today (their local date). Empty when it can. Messages are
 * i18n keys (ADR 011).
 */
export function practiceEntryProblems({
  entry,
  today,
  ownSlugs,
}: {
  entry: { practiceSlug: string; date?: string }
  today: string
  ownSlugs: readonly string[]
}): Problem[] {
  const problems: Problem[] = []
  if (!ownSlugs.includes(entry.practiceSlug))
    problems.push({ path: 'practiceSlug', message: 'form.choosePracticeFromList' })
  if (entry.date !== undefined) {
    if (entry.date > today) problems.push({ path: 'date', message: 'form.dateInFuture' })
    else if (entry.date < earliestPracticeDate(today)) problems.push({ path: 'date', message: 'form.dateTooEarly' })
  }
  return problems
}

/** A second identical entry within this time of the first is the same tap twice, not a new practice. */
export const DUPLICATE_TAP_MS = 60_000

/**
 * The entry a new one repeats (pure): the same guide, day and minutes, logged less than a minute
 * before `now` (a double tap, a resent form, a second device). Null when the new one is real.
 */
export function repeatedEntry<T extends { practiceSlug: string; date: string; minutes: number; createdAt: string }>(
  recent: readonly T[],
  entry: { practiceSlug: string; date: string; minutes: number },
  now: Date,
): T | null {
  return (
    recent.find((r) => {
      const age = now.getTime() - Date.parse(r.createdAt)
      return (
        r.practiceSlug === entry.practiceSlug &&
        r.date === entry.date &&
        r.minutes === entry.minutes &&
        age >= -DUPLICATE_TAP_MS &&
        age < DUPLICATE_TAP_MS
      )
    }) ?? null
  )
}
