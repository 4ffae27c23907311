import { asc, eq, isNotNull } from 'drizzle-orm'
import {
  attendance,
  cohortSchedule,
  cohorts,
  continuationDecisions,
  groups,
  meetings,
  participants,
  promisAnxiety,
  toxResults,
  weeklySurveys,
} from '#db/schema'
import { getDb } from '~/db.server'
import { armSummaries, cravingByWeekByArm, participantOutcomes, type OutcomeTables } from './outcomes-report'

/**
 * The rows the outcome report needs: one query per table for the whole programme (no query per
 * participant or cohort). Only randomized participants (those with a group) are analysed.
 */
export function outcomeTables(): OutcomeTables {
  const db = getDb()
  const people = db
    .select({
      id: participants.id,
      studyId: participants.studyId,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      arm: groups.arm,
      schedule: cohortSchedule,
      withdrawnAt: participants.withdrawnAt,
      status: participants.status,
      eligible: continuationDecisions.eligible,
      offeredAt: continuationDecisions.offeredAt,
      decision: continuationDecisions.decision,
    })
    .from(participants)
    .innerJoin(groups, eq(groups.id, participants.groupId))
    .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
    .leftJoin(continuationDecisions, eq(continuationDecisions.participantId, participants.id))
    .where(isNotNull(participants.groupId))
    .all()
    .map(({ eligible, offeredAt, decision, ...p }) => ({
      ...p,
      decision: decision === null || eligible === null ? null : { eligible, offeredAt, decision },
    }))
  return {
    people,
    surveys: db
      .select({
        participantId: weeklySurveys.participantId,
        week: weeklySurveys.week,
        usedOpioids: weeklySurveys.usedOpioids,
        otherSubstances: weeklySurveys.otherSubstances,
        cravingScore: weeklySurveys.cravingScore,
      })
      .from(weeklySurveys)
      .orderBy(asc(weeklySurveys.participantId), asc(weeklySurveys.week))
      .all(),
    tox: db
      .select({ participantId: toxResults.participantId, period: toxResults.period, results: toxResults.results })
      .from(toxResults)
      .all(),
    promis: db
      .select({ participantId: promisAnxiety.participantId, week: promisAnxiety.week, tScore: promisAnxiety.tScore })
      .from(promisAnxiety)
      .all(),
    attendance: db
      .select({ participantId: attendance.participantId, week: meetings.week, status: attendance.status })
      .from(attendance)
      .innerJoin(meetings, eq(meetings.id, attendance.meetingId))
      .all(),
  }
}

export const OUTCOMES_PER_PAGE = 50

/** The data manager's outcome page: summaries over everyone, the per-participant table a page at a time. */
export function outcomeReport(page = 1, now = new Date()) {
  const rows = participantOutcomes(outcomeTables(), now)
  const pages = Math.max(1, Math.ceil(rows.length / OUTCOMES_PER_PAGE))
  const current = Math.min(Math.max(1, page), pages)
  return {
    arms: armSummaries(rows),
    cravingByWeek: cravingByWeekByArm(rows),
    participants: rows.slice((current - 1) * OUTCOMES_PER_PAGE, current * OUTCOMES_PER_PAGE),
    total: rows.length,
    page: current,
    pages,
  }
}
