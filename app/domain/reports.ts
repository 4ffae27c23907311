import type { Arm } from '#db/schema'
import { continuationApplies, INTENSIVE_FROM_WEEK, type ContinuationSettings, type Decision } from './continuation'
import { currentWeek, type CohortSchedule } from './schedule'

type Demographics = { raceEthnicity: string; language: string; gender: string }

/** The combined subgroup the trial reported: non-Hispanic White English speakers vs everyone else. */
export const TRIAL_SUBGROUP = {
  nhwEnglish: 'Non-Hispanic White, English-speaking',
  others: 'Everyone else',
} as const

export function trialSubgroup(p: Pick<Demographics, 'raceEthnicity' | 'language'>): string {
  return p.raceEthnicity === 'Non-Hispanic white' && p.language === 'English'
    ? TRIAL_SUBGROUP.nhwEnglish
    : TRIAL_SUBGROUP.others
}

export const BREAKDOWNS = [
  { id: 'gender', label: 'Gender', categoryOf: (p: Demographics) => p.gender },
  { id: 'raceEthnicity', label: 'Race/ethnicity', categoryOf: (p: Demographics) => p.raceEthnicity },
  { id: 'language', label: 'Preferred language', categoryOf: (p: Demographics) => p.language },
  { id: 'trialSubgroup', label: 'Trial subgroup (ethnicity and language)', categoryOf: trialSubgroup },
] as const

export type Rate = { category: string; randomized: number; continued: number }

export type RandomizedPerson = {
  arm: Arm
  gender: string
  raceEthnicity: string
  language: string
  decision: Decision | null
  schedule: CohortSchedule
}

/**
 * Continuation past week 8, by arm and by gender, race/ethnicity and language, over the people
 * whose cohort has reached week 9 and whose arm has the week-8 decision (docs/product.md:
 * retention). Denominator: everyone randomized (intention-to-treat), so a person never offered
 * the choice counts as not continuing.
 */
export function continuationRates(people: RandomizedPerson[], settings: ContinuationSettings, now: Date) {
  const weekOf = new Map<string, number>()
  const past = people.filter((r) => {
    const key = JSON.stringify(r.schedule)
    if (!weekOf.has(key)) weekOf.set(key, currentWeek(r.schedule, now))
    return weekOf.get(key)! >= INTENSIVE_FROM_WEEK && continuationApplies(r.arm, settings)
  })
  const arms = [...new Set(past.map((r) => r.arm))].sort() as Arm[]
  const rate = (subset: RandomizedPerson[], category: string): Rate => ({
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
          id: b.id,
          label: b.label,
          rates: [...new Set(inArm.map(b.categoryOf))].sort().map((value) =>
            rate(
              inArm.filter((r) => b.categoryOf(r) === value),
              value,
            ),
          ),
        })),
      }
    }),
  }
}
