import { describe, expect, test } from 'vitest'
import { TOX_CLASSES } from '~/domain/instruments'
import {
  abstinenceOutcomes,
  adherenceOutcome,
  anxietyProfile,
  BENZODIAZEPINE_OUTCOME,
  classifyPeriods,
  COCAINE_OUTCOME,
  continuationOutcome,
  cravingByWeek,
  cravingTrajectory,
  ILLICIT_OPIOID_CLASSES,
  OPIOID_OUTCOME,
  summarise,
  toxVerdict,
  withdrawalWeek,
  type SurveyRecord,
  type ToxRecord,
} from '~/domain/outcomes'
import { PRIMARY_OUTCOME_PERIODS } from '~/domain/schedule'

/** A full 8-panel result: everything negative except what is listed as positive. */
function panel(...positive: string[]): ToxRecord['results'] {
  return Object.fromEntries(TOX_CLASSES.map((c) => [c, positive.includes(c) ? 'positive' : 'negative']))
}
/** Buprenorphine positive is the expected, adherent result. */
const clean = () => panel('buprenorphine')
const tox = (period: number, ...positive: string[]): ToxRecord => ({
  period,
  results: panel('buprenorphine', ...positive),
})
const survey = (week: number, usedOpioids = false, other: Record<string, boolean> = {}): SurveyRecord => ({
  week,
  usedOpioids,
  otherSubstances: { benzodiazepines: false, cocaine: false, methamphetamine: false, alcohol: false, ...other },
})
/** Both surveys and one clean test in each of periods 7–12 (weeks 13–24). */
function fullClean() {
  const surveys: SurveyRecord[] = []
  const tests: ToxRecord[] = []
  for (let w = 13; w <= 24; w++) surveys.push(survey(w))
  for (const p of PRIMARY_OUTCOME_PERIODS) tests.push(tox(p))
  return { surveys, tox: tests }
}
const statuses = (r: ReturnType<typeof classifyPeriods>) => r.periods.map((p) => p.status)

describe('the period rule', () => {
  test('primary periods are 7–12, i.e. weeks 13–24 in 2-week periods', () => {
    const r = classifyPeriods({ surveys: [], tox: [] })
    expect(r.periods.map((p) => [p.period, p.weeks])).toEqual([
      [7, [13, 14]],
      [8, [15, 16]],
      [9, [17, 18]],
      [10, [19, 20]],
      [11, [21, 22]],
      [12, [23, 24]],
    ])
  })
})

describe('toxVerdict: which panel classes count', () => {
  test('illicit opioid classes: opiates, fentanyl, oxycodone, methadone — never buprenorphine', () => {
    expect([...ILLICIT_OPIOID_CLASSES]).toEqual(['opioids', 'fentanyl', 'oxycodone', 'methadone'])
    expect(ILLICIT_OPIOID_CLASSES).not.toContain('buprenorphine')
    // every counted class exists on the stored panel
    for (const c of ILLICIT_OPIOID_CLASSES) expect(TOX_CLASSES).toContain(c)
  })
  test('each illicit class alone makes the test positive', () => {
    for (const c of ILLICIT_OPIOID_CLASSES) expect(toxVerdict(panel(c), ILLICIT_OPIOID_CLASSES)).toBe('positive')
  })
  test('buprenorphine alone is negative for opioids, even if a caller lists it', () => {
    expect(toxVerdict(clean(), ILLICIT_OPIOID_CLASSES)).toBe('negative')
    expect(toxVerdict(clean(), [...ILLICIT_OPIOID_CLASSES, 'buprenorphine'])).toBe('negative')
  })
  test('a non-opioid positive is negative for opioids and positive for its own class', () => {
    expect(toxVerdict(panel('cocaine'), ILLICIT_OPIOID_CLASSES)).toBe('negative')
    expect(toxVerdict(panel('cocaine'), ['cocaine'])).toBe('positive')
    expect(toxVerdict(panel('methamphetamine'), ['benzodiazepines'])).toBe('negative')
  })
  test('a panel reporting none of the counted classes is indeterminate, not negative', () => {
    expect(toxVerdict({ buprenorphine: 'positive', cocaine: 'negative' }, ILLICIT_OPIOID_CLASSES)).toBe('indeterminate')
    expect(toxVerdict({}, ILLICIT_OPIOID_CLASSES)).toBe('indeterminate')
  })
  test('a shorter panel (no methadone class) is judged on the classes it has', () => {
    expect(toxVerdict({ opioids: 'negative', fentanyl: 'negative' }, ILLICIT_OPIOID_CLASSES)).toBe('negative')
  })
  test('an "invalid" counted class makes the test indeterminate unless another class is positive', () => {
    expect(toxVerdict({ opioids: 'invalid', fentanyl: 'negative' }, ILLICIT_OPIOID_CLASSES)).toBe('indeterminate')
    expect(toxVerdict({ opioids: 'invalid', fentanyl: 'positive' }, ILLICIT_OPIOID_CLASSES)).toBe('positive')
  })
  test('case and whitespace in stored values are tolerated', () => {
    expect(toxVerdict({ opioids: ' Positive ' }, ILLICIT_OPIOID_CLASSES)).toBe('positive')
    expect(toxVerdict({ opioids: 'NEGATIVE' }, ILLICIT_OPIOID_CLASSES)).toBe('negative')
  })
})

describe('classifyPeriods: the primary outcome, edge by edge', () => {
  test('all six periods clean: 6 abstinent, 0, 0', () => {
    const r = classifyPeriods(fullClean())
    expect(r.counts).toEqual({ abstinent: 6, nonAbstinent: 0, missing: 0, pending: 0 })
    expect(r.periods.every((p) => p.reason === 'negative-test-and-no-use-reported')).toBe(true)
    // each period: 2 surveys, 1 test
    expect(r.periods.map((p) => [p.surveys, p.tests])).toEqual(Array(6).fill([2, 1]))
  })

  test('no data at all: 6 missing, none abstinent', () => {
    const r = classifyPeriods({ surveys: [], tox: [] })
    expect(r.counts).toEqual({ abstinent: 0, nonAbstinent: 0, missing: 6, pending: 0 })
    expect(r.periods.every((p) => p.reason === 'no-test-no-survey')).toBe(true)
  })

  test('no test in a period: that period is missing (surveys say no)', () => {
    const d = fullClean()
    d.tox = d.tox.filter((t) => t.period !== 9)
    const r = classifyPeriods(d)
    // periods 7,8 abstinent; 9 missing (no-test); 10,11,12 abstinent → 5/0/1
    expect(statuses(r)).toEqual(['abstinent', 'abstinent', 'missing', 'abstinent', 'abstinent', 'abstinent'])
    expect(r.periods[2].reason).toBe('no-test')
    expect(r.counts).toEqual({ abstinent: 5, nonAbstinent: 0, missing: 1, pending: 0 })
  })

  test('survey missing but a negative test: missing, not abstinent', () => {
    const d = fullClean()
    d.surveys = d.surveys.filter((s) => s.week !== 15 && s.week !== 16) // period 8 has no survey
    const r = classifyPeriods(d)
    expect(r.periods[1]).toMatchObject({ period: 8, status: 'missing', reason: 'no-survey', surveys: 0, tests: 1 })
    expect(r.counts).toEqual({ abstinent: 5, nonAbstinent: 0, missing: 1, pending: 0 })
  })

  test('one of the two surveys missing, the other says no, test negative: abstinent', () => {
    const d = fullClean()
    d.surveys = d.surveys.filter((s) => s.week !== 14)
    const r = classifyPeriods(d)
    expect(r.periods[0]).toMatchObject({ period: 7, status: 'abstinent', surveys: 1, tests: 1 })
  })

  test('positive for a non-opioid only: abstinent for opioids, non-abstinent for that substance', () => {
    const d = fullClean()
    d.tox = d.tox.map((t) => (t.period === 10 ? tox(10, 'cocaine') : t))
    expect(classifyPeriods(d).counts).toEqual({ abstinent: 6, nonAbstinent: 0, missing: 0, pending: 0 })
    const c = classifyPeriods(d, COCAINE_OUTCOME)
    // cocaine: period 10 positive, the other 5 clean → 5/1/0
    expect(c.periods[3]).toMatchObject({ period: 10, status: 'non_abstinent', reason: 'positive-test' })
    expect(c.counts).toEqual({ abstinent: 5, nonAbstinent: 1, missing: 0, pending: 0 })
  })

  test('self-report of use without a test: non-abstinent (use is enough)', () => {
    const d = fullClean()
    d.tox = d.tox.filter((t) => t.period !== 11)
    d.surveys = d.surveys.map((s) => (s.week === 22 ? survey(22, true) : s))
    const r = classifyPeriods(d)
    expect(r.periods[4]).toMatchObject({ period: 11, status: 'non_abstinent', reason: 'use-reported', tests: 0 })
    expect(r.counts).toEqual({ abstinent: 5, nonAbstinent: 1, missing: 0, pending: 0 })
  })

  test('positive test without a survey: non-abstinent', () => {
    const d = fullClean()
    d.surveys = d.surveys.filter((s) => s.week < 23)
    d.tox = d.tox.map((t) => (t.period === 12 ? tox(12, 'fentanyl') : t))
    const r = classifyPeriods(d)
    expect(r.periods[5]).toMatchObject({ period: 12, status: 'non_abstinent', reason: 'positive-test', surveys: 0 })
  })

  test('two tests in a period, one positive: non-abstinent', () => {
    const d = fullClean()
    d.tox.push(tox(7, 'opioids')) // period 7 now has a negative and a positive test
    const r = classifyPeriods(d)
    expect(r.periods[0]).toMatchObject({ period: 7, status: 'non_abstinent', reason: 'positive-test', tests: 2 })
    expect(r.counts).toEqual({ abstinent: 5, nonAbstinent: 1, missing: 0, pending: 0 })
  })

  test('two negative tests in a period: abstinent', () => {
    const d = fullClean()
    d.tox.push(tox(7))
    expect(classifyPeriods(d).periods[0]).toMatchObject({ status: 'abstinent', tests: 2 })
  })

  test('buprenorphine only, every test: 6 abstinent (the medication is not use)', () => {
    const d = fullClean()
    d.tox = PRIMARY_OUTCOME_PERIODS.map((p) => ({ period: p, results: clean() }))
    expect(classifyPeriods(d).counts).toEqual({ abstinent: 6, nonAbstinent: 0, missing: 0, pending: 0 })
  })

  test('methadone positive counts as illicit opioid use (the panel has the class; none is prescribed)', () => {
    const d = fullClean()
    d.tox = d.tox.map((t) => (t.period === 8 ? tox(8, 'methadone') : t))
    expect(classifyPeriods(d).periods[1]).toMatchObject({ status: 'non_abstinent', reason: 'positive-test' })
  })

  test('use reported and a positive test in the same period', () => {
    const d = fullClean()
    d.surveys = d.surveys.map((s) => (s.week === 13 ? survey(13, true) : s))
    d.tox = d.tox.map((t) => (t.period === 7 ? tox(7, 'oxycodone') : t))
    expect(classifyPeriods(d).periods[0]).toMatchObject({ reason: 'use-reported-and-positive-test' })
  })

  test('use reported with a negative test: non-abstinent (self-report wins over a negative test)', () => {
    const d = fullClean()
    d.surveys = d.surveys.map((s) => (s.week === 17 ? survey(17, true) : s))
    expect(classifyPeriods(d).periods[2]).toMatchObject({ period: 9, status: 'non_abstinent', reason: 'use-reported' })
  })

  test('only indeterminate tests in a period: missing (no-test)', () => {
    const d = fullClean()
    d.tox = d.tox.map((t) => (t.period === 7 ? { period: 7, results: { opioids: 'invalid' } } : t))
    expect(classifyPeriods(d).periods[0]).toMatchObject({ status: 'missing', reason: 'no-test', tests: 0 })
  })

  test('data outside weeks 13–24 is ignored; week-0 or out-of-range rows do not throw', () => {
    const r = classifyPeriods({
      surveys: [survey(0, true), survey(12, true), survey(25, true), survey(13)],
      tox: [tox(6, 'opioids'), tox(7), { period: 13, results: panel('opioids') }],
    })
    // period 7: survey week 13 says no, test negative → abstinent; 8–12 no data → missing
    expect(r.counts).toEqual({ abstinent: 1, nonAbstinent: 0, missing: 5, pending: 0 })
  })

  test('a survey with no answer for the substance does not count as a survey for it', () => {
    const d = fullClean()
    d.surveys = d.surveys.map((s) =>
      s.week === 13 || s.week === 14 ? { week: s.week, usedOpioids: null, otherSubstances: null } : s,
    )
    expect(classifyPeriods(d).periods[0]).toMatchObject({ status: 'missing', reason: 'no-survey', surveys: 0 })
  })

  describe('withdrawal', () => {
    test('withdrawn in week 18 (period 9): 7, 8 as recorded, 9 uses the data present, 10–12 missing', () => {
      const d = fullClean()
      // data recorded before withdrawal: weeks 13–17 surveys, tests periods 7, 8, 9
      d.surveys = d.surveys.filter((s) => s.week <= 17)
      d.tox = d.tox.filter((t) => t.period <= 9)
      const r = classifyPeriods({ ...d, withdrawnWeek: 18 })
      // period 9: survey week 17 says no, test negative → abstinent
      expect(statuses(r)).toEqual(['abstinent', 'abstinent', 'abstinent', 'missing', 'missing', 'missing'])
      expect(r.periods.slice(3).every((p) => p.reason === 'after-withdrawal')).toBe(true)
      expect(r.counts).toEqual({ abstinent: 3, nonAbstinent: 0, missing: 3, pending: 0 })
    })

    test('withdrawn in week 17 before the period-9 test: period 9 missing (no test)', () => {
      const d = fullClean()
      d.surveys = d.surveys.filter((s) => s.week <= 17)
      d.tox = d.tox.filter((t) => t.period <= 8)
      const r = classifyPeriods({ ...d, withdrawnWeek: 17 })
      expect(r.periods[2]).toMatchObject({ period: 9, status: 'missing', reason: 'no-test' })
      expect(r.counts).toEqual({ abstinent: 2, nonAbstinent: 0, missing: 4, pending: 0 })
    })

    test('data recorded after the withdrawal period is not used', () => {
      const d = fullClean() // clean data in every period
      d.tox = d.tox.map((t) => (t.period === 12 ? tox(12, 'opioids') : t))
      const r = classifyPeriods({ ...d, withdrawnWeek: 20 }) // period 10
      // 7–10 abstinent; 11, 12 missing after withdrawal, the positive in 12 is ignored
      expect(r.counts).toEqual({ abstinent: 4, nonAbstinent: 0, missing: 2, pending: 0 })
    })

    test('withdrawn before week 13 or before the first meeting: all 6 missing', () => {
      expect(classifyPeriods({ ...fullClean(), withdrawnWeek: 6 }).counts.missing).toBe(6)
      expect(classifyPeriods({ ...fullClean(), withdrawnWeek: 0 }).counts.missing).toBe(6)
    })

    test('withdrawn in week 24: nothing lost', () => {
      expect(classifyPeriods({ ...fullClean(), withdrawnWeek: 24 }).counts.abstinent).toBe(6)
    })
  })

  describe('pending (analysis before the programme ends)', () => {
    test('15 weeks complete: 7 final, 8 (ends week 16) and later pending', () => {
      const d = fullClean()
      d.surveys = d.surveys.filter((s) => s.week <= 15)
      d.tox = d.tox.filter((t) => t.period <= 7)
      const r = classifyPeriods({ ...d, completedWeeks: 15 })
      expect(statuses(r)).toEqual(['abstinent', 'pending', 'pending', 'pending', 'pending', 'pending'])
      expect(r.counts).toEqual({ abstinent: 1, nonAbstinent: 0, missing: 0, pending: 5 })
    })
    test('use already recorded in an unfinished period is final', () => {
      const r = classifyPeriods({ surveys: [survey(15, true)], tox: [], completedWeeks: 15 })
      expect(r.periods[1]).toMatchObject({ period: 8, status: 'non_abstinent' })
      // period 7 ended (week 14 ≤ 15) with no data → missing; 9–12 pending
      expect(r.counts).toEqual({ abstinent: 0, nonAbstinent: 1, missing: 1, pending: 4 })
    })
  })
})

describe('secondary outcomes: benzodiazepines and cocaine', () => {
  test('self-report in the other-substances answers counts', () => {
    const d = fullClean()
    d.surveys = d.surveys.map((s) => (s.week === 19 ? survey(19, false, { benzodiazepines: true }) : s))
    const r = abstinenceOutcomes(d)
    expect(r.opioids.counts.abstinent).toBe(6)
    expect(r.benzodiazepines.periods[3]).toMatchObject({ period: 10, status: 'non_abstinent', reason: 'use-reported' })
    expect(r.benzodiazepines.counts).toEqual({ abstinent: 5, nonAbstinent: 1, missing: 0, pending: 0 })
    expect(r.cocaine.counts.abstinent).toBe(6)
  })
  test('an opioid positive is not a benzodiazepine or cocaine positive', () => {
    const d = fullClean()
    d.tox = d.tox.map((t) => tox(t.period, 'opioids', 'fentanyl'))
    expect(classifyPeriods(d).counts.nonAbstinent).toBe(6)
    expect(classifyPeriods(d, BENZODIAZEPINE_OUTCOME).counts.abstinent).toBe(6)
    expect(classifyPeriods(d, COCAINE_OUTCOME).counts.abstinent).toBe(6)
  })
  test('a survey lacking the benzodiazepine key does not count as a "no" for it', () => {
    const d = fullClean()
    d.surveys = d.surveys.map((s) => (s.week === 13 || s.week === 14 ? { ...s, otherSubstances: {} } : s))
    expect(classifyPeriods(d, BENZODIAZEPINE_OUTCOME).periods[0]).toMatchObject({ status: 'missing', surveys: 0 })
    expect(classifyPeriods(d, OPIOID_OUTCOME).periods[0]).toMatchObject({ status: 'abstinent' })
  })
})

describe('a hand-computed cohort', () => {
  // Five participants, periods 7–12 (weeks 13–24). Expected (abstinent / non-abstinent / missing):
  //  A: everything clean except period 9 has no test, period 11 opioids+            → 4 / 1 / 1
  //  B: reports use in week 14, cocaine+ only in period 10, nothing in period 12      → 4 / 1 / 1
  //     (period 7 use-reported; 8, 9, 10, 11 abstinent for opioids; 12 no data)
  //  C: withdrawn week 16 (period 8); data through week 15 only, tests periods 7, 8   → 2 / 0 / 4
  //     (7 abstinent; 8: survey wk15 no, test neg → abstinent; 9–12 after withdrawal)
  //  D: buprenorphine only, no surveys at all                                         → 0 / 0 / 6
  //  E: two tests in every period, the second fentanyl+ in periods 8 and 12           → 4 / 2 / 0
  const cohort = {
    A: (() => {
      const d = fullClean()
      d.tox = d.tox.filter((t) => t.period !== 9).map((t) => (t.period === 11 ? tox(11, 'opioids') : t))
      return { ...d }
    })(),
    B: (() => {
      const d = fullClean()
      d.surveys = d.surveys.filter((s) => s.week < 23).map((s) => (s.week === 14 ? survey(14, true) : s))
      d.tox = d.tox.filter((t) => t.period !== 12).map((t) => (t.period === 10 ? tox(10, 'cocaine') : t))
      return d
    })(),
    C: (() => {
      const d = fullClean()
      d.surveys = d.surveys.filter((s) => s.week <= 15)
      d.tox = d.tox.filter((t) => t.period <= 8)
      return { ...d, withdrawnWeek: 16 }
    })(),
    D: { surveys: [], tox: PRIMARY_OUTCOME_PERIODS.map((p) => ({ period: p, results: clean() })) },
    E: (() => {
      const d = fullClean()
      for (const p of PRIMARY_OUTCOME_PERIODS) d.tox.push(p === 8 || p === 12 ? tox(p, 'fentanyl') : tox(p))
      return d
    })(),
  }
  const expected = {
    A: { abstinent: 4, nonAbstinent: 1, missing: 1, pending: 0 },
    B: { abstinent: 4, nonAbstinent: 1, missing: 1, pending: 0 },
    C: { abstinent: 2, nonAbstinent: 0, missing: 4, pending: 0 },
    D: { abstinent: 0, nonAbstinent: 0, missing: 6, pending: 0 },
    E: { abstinent: 4, nonAbstinent: 2, missing: 0, pending: 0 },
  }
  for (const id of Object.keys(cohort) as (keyof typeof cohort)[]) {
    test(`participant ${id}`, () => {
      expect(classifyPeriods(cohort[id]).counts).toEqual(expected[id])
    })
  }
  test('B for cocaine: period 10 positive, period 12 missing, others abstinent → 4 / 1 / 1', () => {
    expect(classifyPeriods(cohort.B, COCAINE_OUTCOME).counts).toEqual(expected.B)
    expect(classifyPeriods(cohort.B, COCAINE_OUTCOME).periods[3].status).toBe('non_abstinent')
  })
})

describe('withdrawalWeek', () => {
  // Cohort starting Monday 2026-01-05 (a Monday), meets Mondays 18:00 New York.
  const c = { startDate: '2026-01-05', weekday: 1, startTime: '18:00', timeZone: 'America/New_York' }
  test('null when not withdrawn or unparseable', () => {
    expect(withdrawalWeek(c, null)).toBeNull()
    expect(withdrawalWeek(c, 'not a date')).toBeNull()
  })
  test('before the first meeting is week 0', () => {
    expect(withdrawalWeek(c, '2026-01-04T12:00:00.000Z')).toBe(0)
  })
  test('the Wednesday after meeting 3 (Mon 2026-01-19) is week 3', () => {
    expect(withdrawalWeek(c, '2026-01-21T15:00:00.000Z')).toBe(3)
  })
  test('the local date decides: 2026-01-12 03:00Z is still Sunday 11 Jan in New York → week 1', () => {
    expect(withdrawalWeek(c, '2026-01-12T03:00:00.000Z')).toBe(1)
  })
})

describe('craving', () => {
  test('baseline week 1 when there is no week 0; change = score − baseline', () => {
    // week 1: 6; week 2: 5; week 4: 2.5 → changes 0, −1, −3.5; mean after baseline (5 + 2.5)/2 = 3.75
    const t = cravingTrajectory([
      { week: 2, cravingScore: 5 },
      { week: 1, cravingScore: 6 },
      { week: 4, cravingScore: 2.5 },
    ])
    expect(t.baseline).toEqual({ week: 1, score: 6 })
    expect(t.weeks).toEqual([
      { week: 1, score: 6, change: 0 },
      { week: 2, score: 5, change: -1 },
      { week: 4, score: 2.5, change: -3.5 },
    ])
    expect(t.meanAfterBaseline).toBe(3.75)
  })
  test('week 0 is the baseline when present', () => {
    const t = cravingTrajectory([
      { week: 0, cravingScore: 8 },
      { week: 1, cravingScore: 6 },
    ])
    expect(t.baseline).toEqual({ week: 0, score: 8 })
    expect(t.weeks.map((w) => w.change)).toEqual([0, -2])
  })
  test('no week 0 or 1: no baseline, changes null, week 2 is not promoted', () => {
    const t = cravingTrajectory([{ week: 2, cravingScore: 4 }])
    expect(t.baseline).toBeNull()
    expect(t.weeks).toEqual([{ week: 2, score: 4, change: null }])
    expect(t.meanAfterBaseline).toBeNull()
  })
  test('null, NaN and out-of-range weeks are dropped; nothing NaN leaks', () => {
    const t = cravingTrajectory([
      { week: 1, cravingScore: null },
      { week: 1, cravingScore: 3 },
      { week: 2, cravingScore: Number.NaN },
      { week: 3, cravingScore: undefined },
      { week: 25, cravingScore: 1 },
      { week: 1.5, cravingScore: 1 },
    ])
    expect(t).toEqual({
      baseline: { week: 1, score: 3 },
      weeks: [{ week: 1, score: 3, change: 0 }],
      meanAfterBaseline: null,
    })
    expect(cravingTrajectory([])).toEqual({ baseline: null, weeks: [], meanAfterBaseline: null })
  })
  test('two records in one week are averaged: (4 + 5)/2 = 4.5', () => {
    const t = cravingTrajectory([
      { week: 3, cravingScore: 4 },
      { week: 3, cravingScore: 5 },
    ])
    expect(t.weeks).toEqual([{ week: 3, score: 4.5, change: null }])
  })
  test('OCS scores are means of three items, e.g. (7 + 5 + 6)/3 = 6', () => {
    const t = cravingTrajectory([{ week: 1, cravingScore: (7 + 5 + 6) / 3 }])
    expect(t.baseline?.score).toBe(6)
  })

  test('summarise: n, mean, sample SD', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x−5)² = 9+1+1+1+0+0+4+16 = 32, SD = √(32/7) = 2.138…
    const s = summarise([2, 4, 4, 4, 5, 5, 7, 9, null, Number.NaN])
    expect(s.n).toBe(8)
    expect(s.mean).toBe(5)
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12)
    expect(summarise([])).toEqual({ n: 0, mean: null, sd: null })
    expect(summarise([3])).toEqual({ n: 1, mean: 3, sd: null })
  })

  test('cravingByWeek: per group and week', () => {
    // P1 (a): w1 6, w2 4 → changes 0, −2.  P2 (a): w1 8, w2 5 → 0, −3.  P3 (b): w2 7 only, no baseline.
    // a, week 2: scores 4, 5 → mean 4.5, SD √((0.25+0.25)/1) = 0.7071; changes −2, −3 → mean −2.5
    // b, week 2: score 7 (n 1, SD null); change: n 0, mean null
    const out = cravingByWeek([
      {
        group: 'a',
        trajectory: cravingTrajectory([
          { week: 1, cravingScore: 6 },
          { week: 2, cravingScore: 4 },
        ]),
      },
      {
        group: 'a',
        trajectory: cravingTrajectory([
          { week: 1, cravingScore: 8 },
          { week: 2, cravingScore: 5 },
        ]),
      },
      { group: 'b', trajectory: cravingTrajectory([{ week: 2, cravingScore: 7 }]) },
    ])
    expect(Object.keys(out)).toEqual(['a', 'b'])
    expect(out.a[0]).toEqual({ week: 1, score: { n: 2, mean: 7, sd: Math.SQRT2 }, change: { n: 2, mean: 0, sd: 0 } })
    expect(out.a[1].score.mean).toBe(4.5)
    expect(out.a[1].score.sd).toBeCloseTo(Math.SQRT1_2, 12)
    expect(out.a[1].change.mean).toBe(-2.5)
    expect(out.b).toEqual([{ week: 2, score: { n: 1, mean: 7, sd: null }, change: { n: 0, mean: null, sd: null } }])
  })
})

describe('anxiety', () => {
  test('T at weeks 0, 8, 16, 24; baseline 58.4 > 55 is flagged; changes from baseline', () => {
    // 8: 54.3 − 58.4 = −4.1; 16: missing; 24: 50.8 − 58.4 = −7.6
    const a = anxietyProfile([
      { week: 0, tScore: 58.4 },
      { week: 8, tScore: 54.3 },
      { week: 24, tScore: 50.8 },
      { week: 4, tScore: 70 }, // not a PROMIS week: ignored
    ])
    expect(a.t).toEqual({ 0: 58.4, 8: 54.3, 16: null, 24: 50.8 })
    expect(a.baselineT).toBe(58.4)
    expect(a.elevatedBaseline).toBe(true)
    expect(a.change[8]).toBeCloseTo(-4.1, 10)
    expect(a.change[16]).toBeNull()
    expect(a.change[24]).toBeCloseTo(-7.6, 10)
  })
  test('exactly 55 is not flagged (strictly above); 55.4 is', () => {
    expect(anxietyProfile([{ week: 0, tScore: 55 }]).elevatedBaseline).toBe(false)
    expect(anxietyProfile([{ week: 0, tScore: 55.4 }]).elevatedBaseline).toBe(true)
    expect(anxietyProfile([{ week: 0, tScore: 54.3 }]).elevatedBaseline).toBe(false)
  })
  test('no week-0 score: flag null (unknown), never a fallback to week 8', () => {
    const a = anxietyProfile([{ week: 8, tScore: 70 }])
    expect(a.baselineT).toBeNull()
    expect(a.elevatedBaseline).toBeNull()
    expect(a.change).toEqual({ 8: null, 16: null, 24: null })
  })
  test('a null T-score is missing', () => {
    expect(anxietyProfile([{ week: 0, tScore: null }]).elevatedBaseline).toBeNull()
  })
})

describe('adherence and continuation', () => {
  const weeks = (n: number, status = 'present') => Array.from({ length: n }, (_, i) => ({ week: i + 1, status }))
  test('15 present is adherent, 14 is not', () => {
    expect(adherenceOutcome(weeks(15))).toEqual({ attended: 15, adherent: true })
    expect(adherenceOutcome(weeks(14))).toEqual({ attended: 14, adherent: false })
  })
  test('late counts; excused and absent do not', () => {
    // 10 present + 5 late = 15; weeks 16–24 excused/absent
    const r = [
      ...weeks(10),
      ...[11, 12, 13, 14, 15].map((week) => ({ week, status: 'late' })),
      ...[16, 17, 18, 19, 20].map((week) => ({ week, status: 'excused' })),
      ...[21, 22, 23, 24].map((week) => ({ week, status: 'absent' })),
    ]
    expect(adherenceOutcome(r)).toEqual({ attended: 15, adherent: true })
  })
  test('duplicates and weeks outside 1–24 are not counted twice', () => {
    expect(adherenceOutcome([...weeks(14), { week: 14, status: 'late' }, { week: 25, status: 'present' }])).toEqual({
      attended: 14,
      adherent: false,
    })
  })
  test('continuation decision codes', () => {
    expect(continuationOutcome(null)).toBe('no_record')
    expect(continuationOutcome({ eligible: false, offeredAt: null, decision: 'undecided' })).toBe('not_eligible')
    expect(continuationOutcome({ eligible: true, offeredAt: null, decision: 'undecided' })).toBe('not_offered')
    expect(continuationOutcome({ eligible: true, offeredAt: '2026-03-02', decision: 'continue' })).toBe('continue')
    expect(continuationOutcome({ eligible: true, offeredAt: '2026-03-02', decision: 'decline' })).toBe('decline')
  })
})
