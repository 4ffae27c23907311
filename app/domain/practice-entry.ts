import { addDays } from './schedule'

/** How far back a participant may log or change a practice: today and the 55 days before (8 weeks). */
export const PRACTICE_LOG_DAYS = 56

export type Problem = { path?: string; message: string }

/** The earliest date a practice can be logged for, given the participant's today. */
export const earliestPracticeDate = (today: string) => addDays(today, -(PRACTICE_LOG_DAYS - 1))

/**
 * Whether a practice-log entry can be accepted (pure): a guide of the participant's own group,
 * on a day from the last 8 weeks up to today (their local date). Empty when it can.
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
    problems.push({ path: 'practiceSlug', message: 'Choose a practice from the list.' })
  if (entry.date !== undefined) {
    if (entry.date > today) problems.push({ path: 'date', message: 'The date cannot be in the future.' })
    else if (entry.date < earliestPracticeDate(today))
      problems.push({ path: 'date', message: 'You can log practices from the last 8 weeks.' })
  }
  return problems
}
