import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { promisAnxiety, weeklySurveys } from '#db/schema'
import { getDb, idList, preparedPerConnection, type DB } from '~/db.server'

/** Which of these participants have submitted the week's check-in survey. */
export function surveyWeeksDone(participantIds: number[], week: number): Set<number> {
  if (participantIds.length === 0) return new Set()
  const rows = surveyQueries().doneInWeek.all({ participantIds: JSON.stringify(participantIds), week })
  return new Set(rows.map((r) => r.participantId))
}

/** Prepared once per connection: every participant page asks whether a check-in is due. */
function prepareSurveyQueries(db: DB) {
  const participantId = sql.placeholder('participantId')
  return {
    doneInWeek: db
      .select({ participantId: weeklySurveys.participantId })
      .from(weeklySurveys)
      .where(
        and(
          inArray(weeklySurveys.participantId, idList('participantIds')),
          eq(weeklySurveys.week, sql.placeholder('week')),
        ),
      )
      .prepare(),
    weekly: db
      .select()
      .from(weeklySurveys)
      .where(eq(weeklySurveys.participantId, participantId))
      .orderBy(asc(weeklySurveys.week))
      .prepare(),
    promis: db
      .select()
      .from(promisAnxiety)
      .where(eq(promisAnxiety.participantId, participantId))
      .orderBy(asc(promisAnxiety.week))
      .prepare(),
  }
}
const surveyQueries = preparedPerConnection(prepareSurveyQueries)

/** One participant's weekly check-ins and PROMIS responses, in week order (their own page and staff's). */
export function surveysOf(participantId: number) {
  const db = getDb()
  const q = surveyQueries(db)
  return { weekly: q.weekly.all({ participantId }), promis: q.promis.all({ participantId }) }
}
