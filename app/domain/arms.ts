import type { Arm } from '#db/schema'

/**
 * The two programmes' names and the blinding vocabulary, in one place: what staff call each arm,
 * and the words no participant-facing text may contain (docs/product.md, blinding).
 */
/** Content arms use kebab-case (directories, URLs); the database snake_case. */
export const CONTENT_ARMS = { mrocc: 'mrocc', 'recovery-support': 'recovery_support' } as const satisfies Record<
  string,
  Arm
>

export const ARM_DIRECTORY: Record<Arm, string> = { mrocc: 'mrocc', recovery_support: 'recovery-support' }

export const ARM_LABEL: Record<Arm, string> = { mrocc: 'M-ROCC', recovery_support: 'Recovery Support' }

/** Words no participant-facing text may contain (docs/product.md, blinding). */
export const BLINDING_FORBIDDEN = [
  'control',
  'experimental',
  'intervention',
  'comparator',
  'comparison',
  'arm',
  'study group',
  'm-rocc',
  'mindful recovery',
  'recovery support',
  'other group',
  'placebo',
  'trial',
  'research',
]

/** Extra words each arm's participant-facing text must avoid (it would describe the other arm). */
export const OTHER_ARM_WORDS: Record<Arm, string[]> = {
  mrocc: ['twelve-step', '12-step', 'thought record', 'cbt'],
  recovery_support: ['mindful', 'meditat', 'body scan', 'breathing exercise', 'urge surf'],
}

const escape = (w: string) => w.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')

/**
 * Forbidden words present in participant-facing text. Blinding words match as whole words
 * (also inside hyphenated words: "self-control"); the other arm's words match as stems
 * ("meditat" catches meditate, meditating, meditation).
 */
export function forbiddenWordsIn(text: string, arm?: Arm): string[] {
  const whole = BLINDING_FORBIDDEN.filter((w) => new RegExp(`(^|[^a-z0-9])${escape(w)}([^a-z0-9]|$)`, 'i').test(text))
  const stems = (arm ? OTHER_ARM_WORDS[arm] : []).filter((w) => new RegExp(`(^|[^a-z0-9])${escape(w)}`, 'i').test(text))
  return [...whole, ...stems]
}
