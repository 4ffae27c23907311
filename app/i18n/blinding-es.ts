import type { Arm } from '#db/schema'

/**
 * Spanish words a participant must never see (blinding, ADR 005): the names of either programme,
 * the idea of a comparison, or of a study. Matched as whole words, ignoring case and accents.
 * The English list (`BLINDING_FORBIDDEN` in app/content/schema.ts) applies to Spanish pages too.
 */
export const SPANISH_BLINDING_FORBIDDEN = [
  'control',
  'experimental',
  'intervención',
  'comparación',
  'comparador',
  'brazo',
  'ensayo',
  'investigación',
  'placebo',
  'otro grupo',
  'grupo de estudio',
  'm-rocc',
  'apoyo a la recuperación',
  'recuperación consciente',
]

/** Spanish stems that would describe the other group's sessions to a participant. */
export const SPANISH_OTHER_ARM_WORDS: Record<Arm, string[]> = {
  mrocc: ['doce pasos', '12 pasos', 'registro de pensamientos'],
  recovery_support: ['atención plena', 'medita', 'escaneo corporal', 'ejercicio de respiración'],
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
const escape = (w: string) => w.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')

export function spanishForbiddenWordsIn(text: string, arm?: Arm): string[] {
  const folded = fold(text)
  const whole = SPANISH_BLINDING_FORBIDDEN.filter((w) =>
    new RegExp(`(^|[^a-z0-9])${escape(fold(w))}([^a-z0-9]|$)`).test(folded),
  )
  const stems = (arm ? SPANISH_OTHER_ARM_WORDS[arm] : []).filter((w) =>
    new RegExp(`(^|[^a-z0-9])${escape(fold(w))}`).test(folded),
  )
  return [...whole, ...stems]
}
