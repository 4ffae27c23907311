import { z } from 'zod'
import type { Arm, Locale } from '#db/schema'
import { ARM_DIRECTORY, CONTENT_ARMS } from '~/domain/arms'
import type { GuideStep } from './guide-steps'

/** Frontmatter contracts (docs/content-guide.md). Content arms use kebab-case; the database snake_case. */

export const PHASES: Record<Arm, { id: string; label: string; weeks: [number, number] }[]> = {
  mrocc: [
    { id: 'orientation', label: 'Orientation', weeks: [1, 4] },
    { id: 'low-dose', label: 'Low-dose mindfulness', weeks: [5, 8] },
    { id: 'intensive', label: 'Intensive mindful behaviour change', weeks: [9, 24] },
  ],
  recovery_support: [
    { id: 'orientation', label: 'Group-building orientation', weeks: [1, 8] },
    { id: 'cbt', label: 'Cognitive behavioural therapy', weeks: [9, 12] },
    { id: 'motivational-interviewing', label: 'Motivational interviewing', weeks: [13, 16] },
    { id: 'community-reinforcement', label: 'Community reinforcement approach', weeks: [17, 20] },
    { id: 'twelve-step-facilitation', label: 'Twelve-step facilitation', weeks: [21, 24] },
  ],
}

const contentArm = z.enum(['mrocc', 'recovery-support']).transform((a) => CONTENT_ARMS[a])
const itemId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are lowercase kebab-case')
const item = z.object({ id: itemId, text: z.string().min(3) }).strict()
/**
 * A fidelity (or proscribed) item. `formerly` lists the ids this item had before its meaning
 * changed, so checklists and audits stored under an old id still map (fidelity-ids.ts).
 */
const fidelityItem = item.extend({ formerly: z.array(itemId).min(1).optional() }).strict()

export const LessonFrontmatter = z
  .object({
    title: z.string().min(3),
    arm: contentArm,
    phase: z.string().min(2),
    week: z.number().int().min(1).max(24),
    summary: z.string().min(10),
    theme: z.string().min(10).max(400),
    agenda: z.array(z.object({ title: z.string().min(2), minutes: z.number().int().positive() }).strict()).min(1),
    /** total minutes of home practice the lesson asks for across the week; matched between arms */
    homePracticeMinutes: z.number().int().min(0).max(600),
    /** facilitator preparation: materials, what to announce the week before, online / in-person set-up */
    prep: z.array(z.string().trim().min(1, 'prep items must not be empty')).min(3).max(6),
    fidelity: z.array(fidelityItem).min(3),
    /** competence domains a supervisor rates 1–6 for this session */
    competence: z.array(item).min(3).max(6),
    proscribed: z.array(fidelityItem).min(1),
    practices: z.array(z.string()).min(1),
  })
  .strict()

export const GuideFrontmatter = z
  .object({
    title: z.string().min(2),
    arm: contentArm,
    minutes: z.number().int().min(1).max(60),
    summary: z.string().min(5).max(300),
  })
  .strict()

/**
 * A weekly theme in another language (content/themes/<lang>/<arm>/week-NN.mdx): frontmatter only,
 * the translation of the English lesson's participant-facing `theme`.
 */
export const ThemeFrontmatter = z
  .object({
    arm: contentArm,
    week: z.number().int().min(1).max(24),
    theme: z.string().min(10).max(400),
  })
  .strict()

/** Languages content is written in: English originals live where they always did; others in a folder. */
export const CONTENT_LANGS: readonly Locale[] = ['en', 'es']
export const TRANSLATED_LANGS: readonly Locale[] = ['es']

export type FidelityItem = z.output<typeof fidelityItem>
export type CompetenceDomain = z.output<typeof item>
export type AgendaItem = z.output<typeof LessonFrontmatter>['agenda'][number]
export type LessonMeta = z.output<typeof LessonFrontmatter> & { slug: string; hash: string; file: string }
/**
 * `lang`: the guide's language; a translation has the same slug as its English original.
 * `steps`: the numbered steps with their pauses, for the practice player (guide-steps.ts); read at build time.
 */
export type GuideMeta = z.output<typeof GuideFrontmatter> & {
  slug: string
  hash: string
  file: string
  lang: Locale
  steps: GuideStep[]
}
/** `slug` is the English lesson's (`mrocc/week-01`). */
export type ThemeMeta = z.output<typeof ThemeFrontmatter> & { slug: string; hash: string; file: string; lang: Locale }
export type Lesson = LessonMeta & { code: string }
export type Guide = GuideMeta & { code: string }
export type ContentBundle = { builtAt: string; lessons: Lesson[]; guides: Guide[]; themes: ThemeMeta[] }

export function lessonSlug(arm: Arm, week: number) {
  return `${ARM_DIRECTORY[arm]}/week-${String(week).padStart(2, '0')}`
}
