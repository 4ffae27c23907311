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
