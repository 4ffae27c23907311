import { describe, expect, test } from 'vitest'
import {
  cravingScore,
  OPIOID_CRAVING_SCALE,
  PROMIS_ANXIETY_8A,
  PROMIS_WEEKS,
  promisAnxietyRaw,
  promisAnxietyT,
  substancesUsed,
  TOX_CLASSES,
  toxPanel,
} from '~/domain/instruments'

describe('cravingScore: the mean of three 0–10 whole numbers', () => {
  test('exact means', () => {
    expect(cravingScore([0, 0, 0])).toBe(0)
    expect(cravingScore([10, 10, 10])).toBe(10)
    expect(cravingScore([3, 6, 9])).toBe(6)
    expect(cravingScore([1, 2, 4])).toBe(7 / 3)
    expect(cravingScore([0, 0, 1])).toBe(1 / 3)
    expect(cravingScore([10, 10, 9])).toBe(29 / 3)
  })

  test('rejects the wrong number of answers', () => {
    expect(() => cravingScore([])).toThrow(RangeError)
    expect(() => cravingScore([5, 5])).toThrow(RangeError)
    expect(() => cravingScore([5, 5, 5, 5])).toThrow(RangeError)
  })

  test('rejects non-integers', () => {
    expect(() => cravingScore([1.5, 2, 3])).toThrow(RangeError)
    expect(() => cravingScore([1, 2, Number.NaN])).toThrow(RangeError)
    expect(() => cravingScore([1, Number.POSITIVE_INFINITY, 3])).toThrow(RangeError)
  })

  test('rejects out-of-range answers', () => {
    expect(() => cravingScore([-1, 0, 0])).toThrow(RangeError)
    expect(() => cravingScore([0, 11, 0])).toThrow(RangeError)
    expect(() => cravingScore([0, 0, 100])).toThrow(RangeError)
  })

  test('the instrument scores with cravingScore', () => {
    expect(OPIOID_CRAVING_SCALE.score([2, 4, 9])).toBe(5)
    expect(() => OPIOID_CRAVING_SCALE.score([2, 4])).toThrow(RangeError)
  })
})

/** The published PROMIS Anxiety Short Form 8a raw-score to T-score table. */
const PUBLISHED_T: [raw: number, t: number][] = [
  [8, 37.1],
  [9, 43.2],
  [10, 45.9],
  [11, 47.8],
  [12, 49.4],
  [13, 50.8],
  [14, 52.1],
  [15, 53.2],
  [16, 54.3],
  [17, 55.4],
  [18, 56.4],
  [19, 57.4],
  [20, 58.4],
  [21, 59.4],
  [22, 60.4],
  [23, 61.4],
  [24, 62.5],
  [25, 63.5],
  [26, 64.5],
  [27, 65.6],
  [28, 66.6],
  [29, 67.7],
  [30, 68.7],
  [31, 69.8],
  [32, 70.8],
  [33, 71.9],
  [34, 73.0],
  [35, 74.1],
  [36, 75.4],
  [37, 76.7],
  [38, 78.2],
  [39, 80.0],
  [40, 83.1],
]

/** Eight 1–5 answers summing to `raw`: fill from the first item, as high as possible. */
function answersSummingTo(raw: number): number[] {
  const answers = Array<number>(8).fill(1)
  let extra = raw - 8
  for (let i = 0; i < 8 && extra > 0; i++) {
    const add = Math.min(4, extra)
    answers[i] += add
    extra -= add
  }
  return answers
}

/** A different spread of the same total, filled from the last item one step at a time. */
function evenAnswersSummingTo(raw: number): number[] {
  const answers = Array<number>(8).fill(1)
  for (let extra = raw - 8, i = 0; extra > 0; extra--, i++) answers[7 - (i % 8)] += 1
  return answers
}

describe('PROMIS Anxiety 8a: raw score to T-score, the published table', () => {
  test('the table covers exactly raw 8..40', () => {
    expect(PUBLISHED_T.map(([raw]) => raw)).toEqual(Array.from({ length: 33 }, (_, i) => i + 8))
  })

  test.each(PUBLISHED_T)('raw %i -> T %d', (raw, t) => {
    const answers = answersSummingTo(raw)
    expect(answers).toHaveLength(8)
    expect(answers.every((a) => Number.isInteger(a) && a >= 1 && a <= 5)).toBe(true)
    expect(answers.reduce((s, a) => s + a, 0)).toBe(raw)
    expect(promisAnxietyRaw(answers)).toBe(raw)
    expect(promisAnxietyT(answers)).toBe(t)
    // the T-score depends only on the sum, not on which items carry it
    expect(promisAnxietyT(evenAnswersSummingTo(raw))).toBe(t)
    expect(PROMIS_ANXIETY_8A.score(answers)).toBe(t)
  })
})

describe('PROMIS Anxiety 8a: only complete responses are scored', () => {
  const complete = [3, 3, 3, 3, 3, 3, 3, 3]

  test('a complete response of all 3s is raw 24 -> T 62.5', () => {
    expect(promisAnxietyRaw(complete)).toBe(24)
    expect(promisAnxietyT(complete)).toBe(62.5)
  })

  test('7 or 9 answers -> null', () => {
    expect(promisAnxietyT(complete.slice(0, 7))).toBeNull()
    expect(promisAnxietyT([...complete, 3])).toBeNull()
    expect(promisAnxietyT([])).toBeNull()
    expect(promisAnxietyRaw(complete.slice(0, 7))).toBeNull()
  })

  test('a null or undefined answer -> null', () => {
    expect(promisAnxietyT([3, 3, 3, null, 3, 3, 3, 3])).toBeNull()
    expect(promisAnxietyT([3, 3, 3, 3, 3, 3, 3, undefined])).toBeNull()
    expect(promisAnxietyRaw([null, 3, 3, 3, 3, 3, 3, 3])).toBeNull()
  })

  test('an answer of 0 or 6 -> null', () => {
    expect(promisAnxietyT([0, 3, 3, 3, 3, 3, 3, 3])).toBeNull()
    expect(promisAnxietyT([3, 3, 3, 3, 3, 3, 3, 6])).toBeNull()
  })

  test('a non-integer answer -> null', () => {
    expect(promisAnxietyT([2.5, 3, 3, 3, 3, 3, 3, 3])).toBeNull()
    expect(promisAnxietyT([3, 3, 3, 3, Number.NaN, 3, 3, 3])).toBeNull()
  })

  test("the instrument's score() refuses an incomplete response", () => {
    expect(() => PROMIS_ANXIETY_8A.score([3, 3, 3, 3, 3, 3, 3])).toThrow(RangeError)
  })
})

describe('Instrument definitions', () => {
  test('Opioid Craving Scale: 3 items on a 0–10 scale', () => {
    expect(OPIOID_CRAVING_SCALE.id).toBe('ocs')
    expect(OPIOID_CRAVING_SCALE.items.map((i) => i.id)).toEqual(['cravingNow', 'cravingCue', 'cravingLikelihood'])
    expect(OPIOID_CRAVING_SCALE.scale.map((s) => s.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(OPIOID_CRAVING_SCALE.scale.map((s) => s.label)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ])
  })

  test('PROMIS Anxiety 8a: 8 items on a 1–5 Never..Always scale', () => {
    expect(PROMIS_ANXIETY_8A.id).toBe('promis-anxiety-8a')
    expect(PROMIS_ANXIETY_8A.items).toHaveLength(8)
    expect(new Set(PROMIS_ANXIETY_8A.items.map((i) => i.id)).size).toBe(8)
    expect(PROMIS_ANXIETY_8A.scale).toEqual([
      { value: 1, label: 'Never' },
      { value: 2, label: 'Rarely' },
      { value: 3, label: 'Sometimes' },
      { value: 4, label: 'Often' },
      { value: 5, label: 'Always' },
    ])
  })

  test('PROMIS is collected at weeks 0, 8, 16, 24', () => {
    expect(PROMIS_WEEKS).toEqual([0, 8, 16, 24])
  })
})

describe('substancesUsed: the ticked substances as a yes/no per substance', () => {
  test('every listed substance gets an answer; unknown ids are ignored', () => {
    expect(substancesUsed(['alcohol', 'cocaine', 'glue'])).toEqual({
      benzodiazepines: false,
      cocaine: true,
      methamphetamine: false,
      alcohol: true,
    })
    expect(Object.values(substancesUsed([])).every((v) => v === false)).toBe(true)
  })
})

describe('toxPanel: results given in class order, stored by class', () => {
  test('one result per class, in TOX_CLASSES order', () => {
    const results = TOX_CLASSES.map((c) => (c === 'buprenorphine' ? 'positive' : 'negative'))
    const panel = toxPanel(results)
    expect(Object.keys(panel)).toEqual([...TOX_CLASSES])
    expect(panel.buprenorphine).toBe('positive')
    expect(panel.fentanyl).toBe('negative')
  })

  test('a panel missing a class is refused, never filled in', () => {
    expect(() => toxPanel(['negative'])).toThrow(RangeError)
  })
})
