import { describe, expect, it } from 'vitest'
import { continuationRates, trialSubgroup, TRIAL_SUBGROUP, type RandomizedPerson } from '~/domain/reports'

const settings = {
  continuationMinSessions: 3,
  continuationFromWeek: 5,
  continuationToWeek: 8,
  recoverySupportContinuationCheck: false,
}
const NOW = new Date('2026-11-23T15:00:00Z')
const past = { startDate: '2026-09-01', weekday: 2, startTime: '18:00', timeZone: 'America/New_York' }
const early = { ...past, startDate: '2026-11-01' }

const person = (over: Partial<RandomizedPerson>): RandomizedPerson => ({
  arm: 'mrocc',
  gender: 'Woman',
  raceEthnicity: 'Asian',
  language: 'English',
  decision: null,
  schedule: past,
  ...over,
})

describe('continuationRates', () => {
  it('counts everyone randomized in the denominator, by arm and category', () => {
    const report = continuationRates(
      [
        person({ decision: 'continue', gender: 'Man' }),
        person({ decision: 'decline' }),
        person({ decision: null }),
        person({ decision: 'continue' }),
      ],
      settings,
      NOW,
    )
    expect(report.arms).toHaveLength(1)
    expect(report.arms[0].overall).toEqual({ category: 'All', randomized: 4, continued: 2 })
    const gender = report.arms[0].breakdowns.find((b) => b.id === 'gender')!.rates
    expect(gender).toEqual([
      { category: 'Man', randomized: 1, continued: 1 },
      { category: 'Woman', randomized: 3, continued: 1 },
    ])
  })

  it('leaves out cohorts before week 9 and arms without the week-8 decision', () => {
    const report = continuationRates(
      [person({ schedule: early, decision: 'continue' }), person({ arm: 'recovery_support', decision: 'continue' })],
      settings,
      NOW,
    )
    expect(report.arms).toEqual([])
    const withCheck = continuationRates(
      [person({ arm: 'recovery_support', decision: 'continue' })],
      { ...settings, recoverySupportContinuationCheck: true },
      NOW,
    )
    expect(withCheck.arms.map((a) => a.arm)).toEqual(['recovery_support'])
  })
})

describe('the trial subgroup: non-Hispanic White English speakers vs everyone else', () => {
  it('needs both: non-Hispanic white AND English', () => {
    expect(trialSubgroup({ raceEthnicity: 'Non-Hispanic white', language: 'English' })).toBe(TRIAL_SUBGROUP.nhwEnglish)
    expect(trialSubgroup({ raceEthnicity: 'Non-Hispanic white', language: 'Spanish' })).toBe(TRIAL_SUBGROUP.others)
    expect(trialSubgroup({ raceEthnicity: 'Hispanic or Latino', language: 'English' })).toBe(TRIAL_SUBGROUP.others)
    expect(trialSubgroup({ raceEthnicity: 'Prefer not to say', language: 'English' })).toBe(TRIAL_SUBGROUP.others)
  })

  it('counts continuation in each subgroup (hand-computed)', () => {
    // M-ROCC: 3 NHW English speakers (2 continue), 4 others (1 continues: the NHW Spanish speaker).
    const nhw = { raceEthnicity: 'Non-Hispanic white', language: 'English' }
    const report = continuationRates(
      [
        person({ ...nhw, decision: 'continue' }),
        person({ ...nhw, decision: 'continue' }),
        person({ ...nhw, decision: 'decline' }),
        person({ raceEthnicity: 'Non-Hispanic white', language: 'Spanish', decision: 'continue' }),
        person({ raceEthnicity: 'Hispanic or Latino', language: 'English', decision: 'decline' }),
        person({ raceEthnicity: 'Non-Hispanic Black', language: 'English', decision: null }),
        person({ raceEthnicity: 'Asian', language: 'Another language', decision: 'undecided' }),
      ],
      settings,
      NOW,
    )
    const sub = report.arms[0].breakdowns.find((b) => b.id === 'trialSubgroup')!
    expect(sub.rates).toEqual([
      { category: TRIAL_SUBGROUP.others, randomized: 4, continued: 1 },
      { category: TRIAL_SUBGROUP.nhwEnglish, randomized: 3, continued: 2 },
    ])
    expect(report.arms[0].overall).toEqual({ category: 'All', randomized: 7, continued: 3 })
  })
})
