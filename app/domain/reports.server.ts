import { eq, isNotNull } from 'drizzle-orm'
import { cohortSchedule, cohorts, continuationDecisions, groups, participants } from '#db/schema'
import { getDb } from '~/db.server'
import { continuationRates } from './reports'
import { getProgrammeSettings } from './settings.server'

export { BREAKDOWNS, type Rate } from './reports'

/** The continuation report (rules in ./reports) over every randomized participant. */
export function continuationReport(now = new Date()) {
  const rows = getDb()
    .select({
      arm: groups.arm,
      gender: participants.gender,
      raceEthnicity: participants.raceEthnicity,
      language: participants.language,
      decision: continuationDecisions.decision,
      schedule: cohortSchedule,
    })
    .from(participants)
    .innerJoin(groups, eq(groups.id, participants.groupId))
    .innerJoin(cohorts, eq(cohorts.id, participants.cohortId))
    .leftJoin(continuationDecisions, eq(continuationDecisions.participantId, participants.id))
    .where(isNotNull(participants.groupId))
    .all()
  return continuationRates(rows, getProgrammeSettings(), now)
}
