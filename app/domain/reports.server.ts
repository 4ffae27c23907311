import { eq, isNotNull } from 'drizzle-orm'
import { cohortSchedule, cohorts, continuationDecisions, groups, participants, type Arm } from '#db/schema'
import { getDb } from '~/db.server'
import { continuationApplies, INTENSIVE_FROM_WEEK } from './continuation'
import { currentWeek } from './schedule'
import { getProgrammeSettings } from './settings.server'

export const BREAKDOWNS = [
  { id: 'gender', label: 'Gender' },
  { id: 'raceEthnicity', label: 'Race/ethnicity' },
  { id: 'language', label: 'Preferred language' },
] as const

export type Rate = { category: string; randomized: number; continued: number }

/**
 * Continuation past week 8, by arm and by gender, race/ethnicity and language, over every cohort
 * that has reached week 9 (docs/product.md: retention). Denominator: everyone randomized
 * (intention-to-treat), so a person never offered the choice counts as not continuing.
 */
export function continuationReport(now = new Date()) {
  const settings = getProgrammeSettings()
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
  const weekOf = new Map<string, number>()
  const past = rows.filter((r) => {
    const key = JSON.stringify(r.schedule)
    if (!weekOf.has(key)) weekOf.set(key, currentWeek(r.schedule, now))
    return weekOf.get(key)! >= INTENSIVE_FROM_WEEK && continuationApplies(r.arm, settings)
  })
  const arms = [...new Set(past.map((r) => r.arm))].sort() as Arm[]
  const rate = (subset: typeof past, category: string): Rate => ({
    category,
    randomized: subset.length,
    continued: subset.filter((r) => r.decision === 'continue').length,
  })
  return {
    arms: arms.map((arm) => {
      const inArm = past.filter((r) => r.arm === arm)
      return {
        arm,
        overall: rate(inArm, 'All'),
        breakdowns: BREAKDOWNS.map((b) => ({
          ...b,
          rates: [...new Set(inArm.map((r) => r[b.id]))].sort().map((value) =>
            rate(
              inArm.filter((r) => r[b.id] === value),
              value,
            ),
          ),
        })),
      }
    }),
  }
}
