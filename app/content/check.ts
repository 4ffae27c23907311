import type { Arm, Locale } from '#db/schema'
import { lessonSlug, PHASES, TRANSLATED_LANGS, type GuideMeta, type LessonMeta, type ThemeMeta } from './schema'
import { ARM_DIRECTORY, forbiddenWordsIn } from '~/domain/arms'
import { spanishForbiddenWordsIn } from '~/i18n/blinding-es'
import { guideSteps, PAUSE_CUE, pauseSeconds } from './guide-steps'

export const LESSON_MINUTES = 60
export const REQUIRED_PROSCRIBED: Record<Arm, RegExp[]> = {
  // each arm's lessons must name the other arm's signature techniques as proscribed
  mrocc: [
    /challeng|disput/i,
    /twelve-step|12-step/i,
    /decisional balance/i,
    /trigger.chain/i,
    /refusal.*role.play|role.play.*refusal/i,
    /sobriety sampling/i,
    /confidence ruler/i,
  ],
  recovery_support: [/meditation/i, /body scan/i, /breath/i, /urge surfing/i, /self-compassion/i, /mindful movement/i],
}

/** Weeks whose lesson body, in both arms, must contain `<OverdoseSafety />` inside a segment. */
export const OVERDOSE_SAFETY_WEEKS = [1, 8, 12, 21, 24] as const
/** A practice guide whose title, summary or body matches this must contain `<OverdoseSafety />`. */
export const OVERDOSE_SAFETY_GUIDE_TOPICS = /lapse|slip|urge|craving/i
/** No proscribed item may bar safety information. */
export const SAFETY_INFORMATION = /overdose|naloxone|911|988|crisis|safety/i
const OVERDOSE_SAFETY_TAG = /<OverdoseSafety\s*\/>/

/** Home practice of week N may differ between the arms by at most this share of the larger. */
export const HOME_PRACTICE_TOLERANCE = 0.1

/** Prescribed fidelity items describe one observable leader behaviour: this is how each begins. */
export const FIDELITY_ITEM_START = /^Leaders? /
/** Words that judge rather than describe; no prescribed item may contain one (whole word, any case). */
export const JUDGEMENT_WORDS = [
  'warmly',
  'warm',
  'gently',
  'gentle',
  'kindly',
  'kind',
  'curiosity',
  'curious',
  'compassionately',
  'skillfully',
  'skilfully',
  'effectively',
  'appropriately',
  'genuinely',
  'authentically',
  'sensitively',
  'empathically',
  'supportively',
  'well',
  'properly',
  'adequately',
  'nicely',
  'thoughtfully',
  'respectfully',
  'sincerely',
] as const
export const FIDELITY_ITEMS = { min: 4, max: 9 } as const

/** Judgement words in a fidelity item's text, in list order. */
export function judgementWordsIn(text: string): string[] {
  return JUDGEMENT_WORDS.filter((w) => new RegExp(`(^|[^a-z0-9])${w}([^a-z0-9]|$)`, 'i').test(text))
}

/** Texts of the form "(pause…)" that are not a well-formed pause cue. */
export function malformedPauseCues(body: string): string[] {
  return [...body.matchAll(/\(\s*pause\b[^)\n]*\)?/gi)]
    .map((m) => m[0])
    .filter((cue) => !new RegExp(`^${PAUSE_CUE.source}$`, 'i').test(cue))
}

/**
 * The content contract as one pure function: every problem as a readable line, [] when the
 * curricula and guides are consistent. `bodies` (file → MDX source) enables segment checks.
 */
export function checkContent(
  lessons: LessonMeta[],
  allGuides: GuideMeta[],
  bodies: Map<string, string> = new Map(),
): string[] {
  const problems: string[] = []
  // Translations are held to their English original by checkTranslations.
  const guides = allGuides.filter((g) => g.lang === 'en')
  const guideArm = new Map(guides.map((g) => [g.slug, g.arm]))

  for (const arm of ['mrocc', 'recovery_support'] as const) {
    const weeks = lessons.filter((l) => l.arm === arm).map((l) => l.week)
    for (let w = 1; w <= 24; w++) {
      const n = weeks.filter((x) => x === w).length
      if (n === 0) problems.push(`${arm}: week ${w} is missing`)
      if (n > 1) problems.push(`${arm}: week ${w} has ${n} lessons`)
    }
    if (guides.filter((g) => g.arm === arm).length < 12) problems.push(`${arm}: fewer than 12 practice guides`)
  }

  for (const l of lessons) {
    const at = l.file
    const dir = l.arm === 'mrocc' ? 'mrocc' : 'recovery-support'
    const expectedName = `week-${String(l.week).padStart(2, '0')}.mdx`
    if (!l.file.startsWith(`${dir}/`) || !l.file.endsWith(`/${expectedName}`)) {
      problems.push(`${at}: arm/week in frontmatter do not match the path (expected ${dir}/…/${expectedName})`)
    }
    const phase = PHASES[l.arm].find((p) => p.id === l.phase)
    if (!phase) problems.push(`${at}: unknown phase "${l.phase}"`)
    else if (l.week < phase.weeks[0] || l.week > phase.weeks[1])
      problems.push(`${at}: week ${l.week} is outside phase ${l.phase}`)

    const minutes = l.agenda.reduce((s, a) => s + a.minutes, 0)
    if (minutes !== LESSON_MINUTES) problems.push(`${at}: agenda minutes sum to ${minutes}, not ${LESSON_MINUTES}`)

    const ids = [...l.fidelity, ...l.proscribed, ...(l.competence ?? [])].map((i) => i.id)
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i)))
      problems.push(`${at}: duplicate fidelity id "${id}"`)
    for (const item of [...l.fidelity, ...l.proscribed]) {
      const formerly = item.formerly ?? []
      for (const old of new Set(formerly.filter((id, i) => formerly.indexOf(id) !== i))) {
        problems.push(`${at}: fidelity item "${item.id}" lists "${old}" in formerly twice`)
      }
      for (const old of new Set(formerly.filter((id) => ids.includes(id)))) {
        problems.push(`${at}: fidelity item "${item.id}" lists "${old}" in formerly, but "${old}" is a current id`)
      }
    }

    if (l.homePracticeMinutes === undefined) problems.push(`${at}: homePracticeMinutes is missing`)
    if (!l.prep?.length) problems.push(`${at}: prep list is missing`)
    if (!l.competence?.length) problems.push(`${at}: competence domains are missing`)
    const competencePrefix = `${l.arm === 'mrocc' ? 'm' : 'r'}${String(l.week).padStart(2, '0')}-c-`
    for (const c of l.competence ?? []) {
      if (!c.id.startsWith(competencePrefix))
        problems.push(`${at}: competence id "${c.id}" must start with "${competencePrefix}"`)
    }

    if (l.fidelity.length < FIDELITY_ITEMS.min || l.fidelity.length > FIDELITY_ITEMS.max) {
      problems.push(
        `${at}: ${l.fidelity.length} prescribed fidelity items, expected ${FIDELITY_ITEMS.min}–${FIDELITY_ITEMS.max}`,
      )
    }
    for (const f of l.fidelity) {
      if (!FIDELITY_ITEM_START.test(f.text))
        problems.push(`${at}: fidelity item "${f.id}" must start with "Leader " or "Leaders "`)
      for (const word of judgementWordsIn(f.text))
        problems.push(`${at}: fidelity item "${f.id}" uses the judgement word "${word}"`)
    }

    for (const slug of l.practices) {
      const arm = guideArm.get(slug)
      if (!arm) problems.push(`${at}: practice "${slug}" does not exist`)
      else if (arm !== l.arm) problems.push(`${at}: practice "${slug}" belongs to the other arm`)
    }
    for (const rule of REQUIRED_PROSCRIBED[l.arm]) {
      if (!l.proscribed.some((p) => rule.test(p.text)))
        problems.push(`${at}: proscribed items must include ${rule.source}`)
    }
    for (const p of l.proscribed) {
      const hit = p.text.match(SAFETY_INFORMATION)
      if (hit)
        problems.push(`${at}: proscribed item "${p.id}" must not bar safety information (it mentions "${hit[0]}")`)
    }
    for (const word of forbiddenWordsIn(l.theme, l.arm))
      problems.push(`${at}: participant-facing theme contains "${word}"`)

    const body = bodies.get(l.file)
    if (body !== undefined) {
      const segments = [...body.matchAll(/<Segment\s+title="([^"]*)"\s+minutes=\{(\d+)\}\s*>/g)].map((m) => ({
        title: m[1],
        minutes: Number(m[2]),
      }))
      const same =
        segments.length === l.agenda.length &&
        segments.every((s, i) => s.title === l.agenda[i].title && s.minutes === l.agenda[i].minutes)
      if (!same) problems.push(`${at}: <Segment> titles and minutes do not match the agenda`)

      if ((OVERDOSE_SAFETY_WEEKS as readonly number[]).includes(l.week)) {
        const segmentBodies = body.match(/<Segment\b[\s\S]*?<\/Segment>/g) ?? []
        if (!segmentBodies.some((seg) => OVERDOSE_SAFETY_TAG.test(seg))) {
          problems.push(`${at}: week ${l.week} must show <OverdoseSafety /> inside a <Segment>`)
        }
      }
    }
  }

  for (let w = 1; w <= 24; w++) {
    const found = (['mrocc', 'recovery_support'] as const).map((arm) =>
      lessons.find((l) => l.arm === arm && l.week === w),
    )
    const [a, b] = found.map((l) => l?.homePracticeMinutes)
    if (a === undefined || b === undefined) continue
    if (Math.abs(a - b) > HOME_PRACTICE_TOLERANCE * Math.max(a, b) + 1e-9) {
      const [ma, mb] = found.map((l) => l!.file)
      problems.push(
        `week ${w}: home practice differs by more than 10%: M-ROCC asks for ${a} minutes (${ma}), Recovery Support ${b} (${mb})`,
      )
    }
  }

  for (let w = 1; w <= 24; w++) {
    const totals = (['mrocc', 'recovery_support'] as const).map((arm) =>
      lessons
        .filter((l) => l.arm === arm && l.week === w)
        .reduce((s, l) => s + l.agenda.reduce((t, a) => t + a.minutes, 0), 0),
    )
    if (totals[0] !== totals[1])
      problems.push(`week ${w}: M-ROCC has ${totals[0]} minutes, Recovery Support ${totals[1]}`)
  }

  for (const g of guides) {
    const body = bodies.get(g.file)
    const text = [g.title, g.summary, body ?? ''].join('\n')
    for (const word of forbiddenWordsIn(text, g.arm))
      problems.push(`${g.file}: participant-facing guide contains "${word}"`)
    if (body !== undefined) {
      const topic = text.match(OVERDOSE_SAFETY_GUIDE_TOPICS)
      if (topic && !OVERDOSE_SAFETY_TAG.test(body)) {
        problems.push(`${g.file}: talks about "${topic[0]}", so it must show <OverdoseSafety />`)
      }
      for (const cue of malformedPauseCues(body))
        problems.push(`${g.file}: pause cue "${cue}" should read "(pause about N seconds|minute|minutes)"`)
    }
  }
  return problems
}

/* ------------------------------------------------------------------------------------------ */
/* Translations (Spanish): held to the English original (docs/content-guide.md, "In Spanish")  */
/* ------------------------------------------------------------------------------------------ */

/** The fixed translations of the English guide headings; other headings are translated freely. */
export const GUIDE_HEADINGS_ES: Record<string, string> = {
  'When to use it': 'Cuándo usarla',
  'What you need': 'Qué necesita',
  Steps: 'Pasos',
  'If it gets hard': 'Si se pone difícil',
  After: 'Después',
}

/** The heading of the numbered steps, per language. */
export const STEPS_HEADING: Record<Locale, string> = { en: 'Steps', es: 'Pasos' }

const CUE_FINDERS: Record<Locale, RegExp> = { en: /\(\s*pause\b[^)\n]*\)?/gi, es: /\(\s*paus[ae]\b[^)\n]*\)?/gi }

/** Texts of the form "(pausa…)" (or an English "(pause…)") in a Spanish guide that are not a Spanish cue. */
export function malformedSpanishPauseCues(body: string): string[] {
  return [...body.matchAll(CUE_FINDERS.es)].map((m) => m[0]).filter((cue) => pauseSeconds(cue, 'es') === null)
}

/** The `## ` headings of a guide body, in order. */
export function sectionHeadings(body: string): string[] {
  return [...body.matchAll(/^##\s+(.+?)\s*$/gm)].map((m) => m[1])
}

/** The MDX components a body uses, in order of appearance. */
export function componentsIn(body: string): string[] {
  return [...body.matchAll(/<([A-Z][A-Za-z0-9]*)\b/g)].map((m) => m[1])
}

/** The pause of each numbered step in seconds (0 for none), or null without a steps section. */
function stepPauses(body: string, lang: Locale): number[] | null {
  if (!sectionHeadings(body).includes(STEPS_HEADING[lang])) return null
  return guideSteps(body).map((step) => step.pauseSeconds ?? 0)
}

const describePauses = (s: number) => (s === 0 ? 'no pause' : s % 60 === 0 ? `${s / 60} min` : `${s} s`)

/** Blinding words in a translated text: the language's own list and the English one. */
export function translatedForbiddenWordsIn(text: string, arm: Arm, lang: Locale): string[] {
  const own = lang === 'es' ? spanishForbiddenWordsIn(text, arm) : []
  return [...new Set([...forbiddenWordsIn(text, arm), ...own])]
}

/**
 * Every translated guide and weekly theme against its English original: each English guide and
 * lesson has one per language; none is an orphan; arm and minutes are the same; the same
 * sections, steps, pauses (per step) and components; pause cues well formed; blinding in both
 * languages' word lists. Every problem as a readable line, [] when all is consistent.
 */
export function checkTranslations(
  lessons: LessonMeta[],
  guides: GuideMeta[],
  themes: ThemeMeta[],
  bodies: Map<string, string> = new Map(),
  langs: readonly Locale[] = TRANSLATED_LANGS,
): string[] {
  const problems: string[] = []
  const english = guides.filter((g) => g.lang === 'en')
  for (const lang of langs) {
    const translated = guides.filter((g) => g.lang === lang)
    for (const e of english) {
      if (!translated.some((t) => t.slug === e.slug))
        problems.push(`practices/${lang}/${e.slug}.mdx is missing (the ${lang} version of ${e.file})`)
    }
    for (const [i, t] of translated.entries()) {
      if (translated.findIndex((o) => o.slug === t.slug) !== i) problems.push(`${t.file}: a second ${lang} "${t.slug}"`)
      const text = [t.title, t.summary, bodies.get(t.file) ?? ''].join('\n')
      for (const word of translatedForbiddenWordsIn(text, t.arm, lang))
        problems.push(`${t.file}: participant-facing guide contains "${word}"`)
      const e = english.find((g) => g.slug === t.slug)
      if (!e) {
        problems.push(`${t.file}: no English guide practices/${t.slug}.mdx to translate (orphan)`)
        continue
      }
      if (t.arm !== e.arm) problems.push(`${t.file}: arm is ${t.arm}, the English guide's is ${e.arm}`)
      if (t.minutes !== e.minutes)
        problems.push(`${t.file}: minutes is ${t.minutes}, the English guide's is ${e.minutes}`)
      const tb = bodies.get(t.file)
      const eb = bodies.get(e.file)
      if (tb === undefined || eb === undefined) continue
      problems.push(...compareGuideBodies(t.file, tb, eb, lang))
    }

    const translatedThemes = themes.filter((t) => t.lang === lang)
    for (const l of lessons) {
      if (!translatedThemes.some((t) => t.arm === l.arm && t.week === l.week))
        problems.push(`${themePath(lang, l.arm, l.week)} is missing (the ${lang} theme of ${l.file})`)
    }
    for (const [i, t] of translatedThemes.entries()) {
      const expected = themePath(lang, t.arm, t.week)
      if (t.file !== expected)
        problems.push(`${t.file}: arm/week in frontmatter do not match the path (expected ${expected})`)
      if (translatedThemes.findIndex((o) => o.arm === t.arm && o.week === t.week) !== i)
        problems.push(`${t.file}: a second ${lang} theme for ${lessonSlug(t.arm, t.week)}`)
      if (!lessons.some((l) => l.arm === t.arm && l.week === t.week))
        problems.push(`${t.file}: no English lesson ${lessonSlug(t.arm, t.week)} to translate (orphan)`)
      for (const word of translatedForbiddenWordsIn(t.theme, t.arm, lang))
        problems.push(`${t.file}: participant-facing theme contains "${word}"`)
      const body = bodies.get(t.file)
      if (body !== undefined && body.trim() !== '')
        problems.push(`${t.file}: a weekly theme is frontmatter only (empty body)`)
    }
  }
  return problems
}

function themePath(lang: Locale, arm: Arm, week: number) {
  return `themes/${lang}/${ARM_DIRECTORY[arm]}/week-${String(week).padStart(2, '0')}.mdx`
}

/** A translated guide's body against the English one's: sections, steps, pauses, components, cues. */
function compareGuideBodies(file: string, body: string, englishBody: string, lang: Locale): string[] {
  const problems: string[] = []
  const [heads, englishHeads] = [sectionHeadings(body), sectionHeadings(englishBody)]
  if (heads.length !== englishHeads.length) {
    problems.push(`${file}: ${heads.length} "##" sections, the English guide has ${englishHeads.length}`)
  } else if (lang === 'es') {
    for (const [i, h] of englishHeads.entries()) {
      const expected = GUIDE_HEADINGS_ES[h]
      if (expected && heads[i] !== expected)
        problems.push(`${file}: section ${i + 1} is "## ${heads[i]}", expected "## ${expected}" (for "## ${h}")`)
    }
  }

  const [pauses, englishPauses] = [stepPauses(body, lang), stepPauses(englishBody, 'en')]
  if (englishPauses && !pauses) problems.push(`${file}: has no "## ${STEPS_HEADING[lang]}" section`)
  if (englishPauses && pauses) {
    if (pauses.length !== englishPauses.length) {
      problems.push(
        `${file}: ${pauses.length} steps under "## ${STEPS_HEADING[lang]}", the English guide has ${englishPauses.length}`,
      )
    } else {
      for (const [i, p] of englishPauses.entries()) {
        if (describePauses(p) !== describePauses(pauses[i]))
          problems.push(
            `${file}: step ${i + 1} pauses ${describePauses(pauses[i])}, the English step ${i + 1} ${describePauses(p)}`,
          )
      }
    }
  }

  const [used, englishUsed] = [componentsIn(body), componentsIn(englishBody)]
  if (used.join() !== englishUsed.join()) {
    const list = (names: string[]) => (names.length ? names.map((n) => `<${n}>`).join(', ') : 'none')
    problems.push(`${file}: MDX components ${list(used)}, the English guide uses ${list(englishUsed)}`)
  }

  if (lang === 'es') {
    for (const cue of malformedSpanishPauseCues(body))
      problems.push(
        `${file}: pause cue "${cue}" should read "(pausa de unos N segundos)", "(pausa de un minuto)" or "(pausa de unos N minutos)"`,
      )
  }
  return problems
}
