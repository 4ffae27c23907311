import type { Arm } from '#db/schema'
import { PHASES, type GuideMeta, type LessonMeta } from './schema'
import { forbiddenWordsIn } from '~/domain/arms'

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

/**
 * A pause cue in a practice guide, as the read-aloud player will read it (lesson scripts are
 * paced by a live leader and are not checked):
 * "(pause about 30 seconds)", "(pause about 1 minute)", "(pause about 2 minutes)".
 */
export const PAUSE_CUE = /\(pause about (\d+) (seconds?|minutes?)\)/i

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
  guides: GuideMeta[],
  bodies: Map<string, string> = new Map(),
): string[] {
  const problems: string[] = []
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
