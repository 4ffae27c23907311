import { pastDateProblems } from './calendar-date'

/**
 * The coded answers of an adverse-event report (pure, client-safe): the values the database
 * accepts and the words staff see. None is preset: each must be chosen.
 */
export const SEVERITY = [
  { value: 'mild', label: 'Mild' },
  { value: 'moderate', label: 'Moderate' },
  { value: 'severe', label: 'Severe' },
] as const

export const RELATEDNESS = [
  { value: 'not_related', label: 'Not related' },
  { value: 'unlikely', label: 'Unlikely' },
  { value: 'possibly', label: 'Possibly' },
  { value: 'probably', label: 'Probably' },
  { value: 'definitely', label: 'Definitely' },
] as const

export const EXPECTEDNESS = [
  { value: 'expected', label: 'Expected' },
  { value: 'unexpected', label: 'Unexpected' },
] as const

export const WITHDRAWAL_REASONS = [
  { value: 'participant-request', label: 'Participant asked to stop' },
  { value: 'lost-to-follow-up', label: 'Lost to follow-up' },
  { value: 'clinical', label: 'Clinical reason' },
  { value: 'other', label: 'Other' },
] as const

/** The values of a coded list, as the tuple `z.enum` needs. */
export function codes<T extends string>(list: readonly { value: T }[]): [T, ...T[]] {
  const [first, ...rest] = list.map((o) => o.value)
  if (first === undefined) throw new RangeError('A coded list needs at least one value')
  return [first, ...rest]
}

/** Serious or not is a clinical judgement like the others: asked, never preset. */
export const SERIOUSNESS = [
  { value: 'yes', label: 'Yes, serious' },
  { value: 'no', label: 'No, not serious' },
] as const

/** The regulatory meaning, shown beside the question so "serious" is not read as "severe". */
export const SERIOUS_HINT =
  'Serious means it led to death, was life-threatening, needed or prolonged a hospital stay, caused lasting disability, or was another important medical event. A severe event is not always serious.'

export const SERIOUS_CONFIRMATION = 'I confirm this is a serious adverse event'

/**
 * Whether an adverse-event report can be saved as submitted: the onset is a real date that has
 * already happened (not after `today`, the cohort's local date, and not before the earliest bound),
 * and a serious event is confirmed in a second step (it is flagged to supervisors at once).
 */
export function adverseEventProblems(input: {
  onsetDate: string
  today: string
  serious: boolean
  confirmedSerious: boolean
}): { path?: string; message: string }[] {
  const problems = pastDateProblems('onsetDate', input.onsetDate, input.today, 'the onset date')
  if (input.serious && !input.confirmedSerious)
    problems.push({
      path: 'confirmSerious',
      message: `You marked this event as serious. Tick “${SERIOUS_CONFIRMATION}” to save it: supervisors are told at once.`,
    })
  return problems
}
