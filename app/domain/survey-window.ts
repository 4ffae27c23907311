import { PROMIS_WEEKS } from './instruments'
import { addDays, localDate, meetingDate, PROGRAMME_WEEKS, type CohortSchedule } from './schedule'

/**
 * When each week's check-in survey can be filled in (pure). It opens the day before the
 * meeting and closes at the end of the meeting day plus the programme's grace days, in the
 * cohort's time zone. After that the week stays missed: no back-filling.
 */
export function surveyWindow(c: CohortSchedule, week: number, graceDays: number): { opens: string; closes: string } {
  if (week === 0) {
    const first = meetingDate(c, 1)
    return { opens: addDays(first, -14), closes: addDays(first, graceDays) }
  }
  const day = meetingDate(c, week)
  return { opens: addDays(day, -1), closes: addDays(day, graceDays) }
}

export function isWindowOpen(c: CohortSchedule, week: number, graceDays: number, now: Date): boolean {
  const today = localDate(now, c.timeZone)
  const { opens, closes } = surveyWindow(c, week, graceDays)
  return today >= opens && today <= closes
}

/** Weeks (1–24) whose weekly survey is open now, latest first. */
export function openSurveyWeeks(c: CohortSchedule, graceDays: number, now: Date): number[] {
  const open: number[] = []
  for (let w = PROGRAMME_WEEKS; w >= 1; w--) if (isWindowOpen(c, w, graceDays, now)) open.push(w)
  return open
}

/** PROMIS weeks (0, 8, 16, 24) whose form is open now. */
export function openPromisWeeks(c: CohortSchedule, graceDays: number, now: Date): number[] {
  return PROMIS_WEEKS.filter((w) => isWindowOpen(c, w, graceDays, now))
}

/** Weeks whose window has closed (a survey not submitted by then is missed). */
export function closedWeeks(c: CohortSchedule, graceDays: number, now: Date): number[] {
  const today = localDate(now, c.timeZone)
  return Array.from({ length: PROGRAMME_WEEKS }, (_, i) => i + 1).filter(
    (w) => surveyWindow(c, w, graceDays).closes < today,
  )
}

/** What the participant has already sent: the weeks of their weekly and PROMIS answers. */
export type SurveysDone = { weekly: readonly { week: number }[]; promis: readonly { week: number }[] }

/**
 * Which check-in is due now (pure): the latest open weekly week not yet answered, and the open
 * PROMIS week not yet answered; null when there is none. The one rule behind the home page's
 * "your check-in is ready" and the check-in page's forms.
 */
export function dueSurveys({
  schedule,
  graceDays,
  now,
  done,
}: {
  schedule: CohortSchedule
  graceDays: number
  now: Date
  done: SurveysDone
}): { weekly: number | null; promis: number | null } {
  const answered = (list: readonly { week: number }[], week: number) => list.some((s) => s.week === week)
  return {
    weekly: openSurveyWeeks(schedule, graceDays, now).find((w) => !answered(done.weekly, w)) ?? null,
    promis: openPromisWeeks(schedule, graceDays, now).find((w) => !answered(done.promis, w)) ?? null,
  }
}
