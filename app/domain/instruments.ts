/**
 * Instruments are data: items, response scale and scoring. A programme can add or swap one
 * by adding an entry here; the forms and scoring read from it.
 */
export type Instrument = {
  id: 'ocs' | 'promis-anxiety-8a'
  title: string
  stem: string
  items: { id: string; text: string }[]
  scale: { value: number; label: string }[]
  score: (answers: number[]) => number
}

/** Opioid Craving Scale: three 0–10 ratings; score = their mean. */
export function cravingScore(answers: number[]): number {
  if (answers.length !== 3 || answers.some((a) => !Number.isInteger(a) || a < 0 || a > 10)) {
    throw new RangeError('The craving scale needs three whole numbers from 0 to 10')
  }
  return (answers[0] + answers[1] + answers[2]) / 3
}

/** PROMIS Anxiety Short Form 8a: raw summed score (8–40) to T-score, the published table. */
export const PROMIS_ANXIETY_8A_T: Record<number, number> = {
  8: 37.1,
  9: 43.2,
  10: 45.9,
  11: 47.8,
  12: 49.4,
  13: 50.8,
  14: 52.1,
  15: 53.2,
  16: 54.3,
  17: 55.4,
  18: 56.4,
  19: 57.4,
  20: 58.4,
  21: 59.4,
  22: 60.4,
  23: 61.4,
  24: 62.5,
  25: 63.5,
  26: 64.5,
  27: 65.6,
  28: 66.6,
  29: 67.7,
  30: 68.7,
  31: 69.8,
  32: 70.8,
  33: 71.9,
  34: 73.0,
  35: 74.1,
  36: 75.4,
  37: 76.7,
  38: 78.2,
  39: 80.0,
  40: 83.1,
}

export function promisAnxietyRaw(answers: (number | null | undefined)[]): number | null {
  if (answers.length !== 8) return null
  if (answers.some((a) => a == null || !Number.isInteger(a) || a < 1 || a > 5)) return null
  return (answers as number[]).reduce((sum, a) => sum + a, 0)
}

/** Only complete responses are scored: null for any missing or out-of-range answer. */
export function promisAnxietyT(answers: (number | null | undefined)[]): number | null {
  const raw = promisAnxietyRaw(answers)
  return raw === null ? null : PROMIS_ANXIETY_8A_T[raw]
}

export const OPIOID_CRAVING_SCALE: Instrument = {
  id: 'ocs',
  title: 'Craving check',
  stem: 'Pick a number from 0 (not at all) to 10 (extremely).',
  items: [
    { id: 'cravingNow', text: 'How much do you want to use opioids right now?' },
    {
      id: 'cravingCue',
      text: 'In the past week, when something reminded you of opioids, how strong was the craving?',
    },
    {
      id: 'cravingLikelihood',
      text: 'If you were somewhere you used before and opioids were offered, how likely is it you would use?',
    },
  ],
  scale: Array.from({ length: 11 }, (_, value) => ({ value, label: String(value) })),
  score: cravingScore,
}

export const PROMIS_ANXIETY_8A: Instrument = {
  id: 'promis-anxiety-8a',
  title: 'How you have been feeling',
  stem: 'In the past 7 days…',
  items: [
    { id: 'a1', text: 'I felt fearful.' },
    { id: 'a2', text: 'I found it hard to focus on anything other than my anxiety.' },
    { id: 'a3', text: 'My worries overwhelmed me.' },
    { id: 'a4', text: 'I felt uneasy.' },
    { id: 'a5', text: 'I felt nervous.' },
    { id: 'a6', text: 'I felt like I needed help for my anxiety.' },
    { id: 'a7', text: 'I felt anxious.' },
    { id: 'a8', text: 'I felt tense.' },
  ],
  scale: [
    { value: 1, label: 'Never' },
    { value: 2, label: 'Rarely' },
    { value: 3, label: 'Sometimes' },
    { value: 4, label: 'Often' },
    { value: 5, label: 'Always' },
  ],
  score: (answers) => {
    const t = promisAnxietyT(answers)
    if (t === null) throw new RangeError('PROMIS is scored only when all 8 items are answered')
    return t
  },
}

export const PROMIS_WEEKS = [0, 8, 16, 24]

export const OTHER_SUBSTANCES = [
  { id: 'benzodiazepines', label: 'Benzodiazepines (like Xanax or Valium) not prescribed to you' },
  { id: 'cocaine', label: 'Cocaine or crack' },
  { id: 'methamphetamine', label: 'Methamphetamine' },
  { id: 'alcohol', label: 'Alcohol' },
] as const

/** Substance classes on the oral toxicology panel, each recorded negative or positive. */
export const TOX_CLASSES = [
  'opioids',
  'fentanyl',
  'oxycodone',
  'methadone',
  'benzodiazepines',
  'cocaine',
  'methamphetamine',
  'buprenorphine',
] as const

/** Answers to "which of these did you use" (substance ids) as the stored yes/no per substance. */
export function substancesUsed(ids: readonly string[]): Record<string, boolean> {
  return Object.fromEntries(OTHER_SUBSTANCES.map((s) => [s.id, ids.includes(s.id)]))
}

export const TOX_RESULTS = ['negative', 'positive'] as const
export type ToxResult = (typeof TOX_RESULTS)[number]

/** A panel's results, given in TOX_CLASSES order, as the stored result per substance class. */
export function toxPanel(results: readonly ToxResult[]): Record<string, ToxResult> {
  if (results.length !== TOX_CLASSES.length)
    throw new RangeError(`The panel needs one result for each of its ${TOX_CLASSES.length} classes`)
  return Object.fromEntries(TOX_CLASSES.map((c, i) => [c, results[i]]))
}
