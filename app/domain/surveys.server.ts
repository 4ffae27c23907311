import { and, eq, inArray } from 'drizzle-orm'
import { weeklySurveys } from '#db/schema'
import { getDb } from '~/db.server'

/** Which of these participants have submitted the week's check-in survey. */
export function surveyWeeksDone(participantIds: number[], week: number): Set<number> {
  if (participantIds.length === 0) return new Set()
  const rows = getDb()
    .select({ participantId: weeklySurveys.participantId })
    .from(weeklySurveys)
    .where(and(inArray(weeklySurveys.participantId, participantIds), eq(weeklySurveys.week, week)))
    .all()
  return new Set(rows.map((r) => r.participantId))
}
