import type { Arm } from '#db/schema'
import { forbiddenWordsIn, PHASES, type GuideMeta, type LessonMeta } from './schema'

export const LESSON_MINUTES = 60
export const REQUIRED_PROSCRIBED: Record<Arm, RegExp[]> = {
  // each arm's lessons must name the other arm's signature techniques as proscribed
  mrocc: [/challeng|disput/i, /twelve-step|12-step/i],
  recovery_support: [/meditation/i, /body scan/i, /breath/i, /urge surfing/i, /self-compassion/i, /mindful movement/i],
}

/**
 * The content contract as one pure function: every problem as a readable line, [] when the
 * curricula and guides are consistent. `bodies` (file → MDX source) enables segment checks.
 */
export function checkContent(lessons: LessonMeta[], guides: GuideMeta[], bodies: Map<string, string> = new Map()): string[] {
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
    else if (l.week < phase.weeks[0] || l.week > phase.weeks[1]) problems.push(`${at}: week ${l.week} is outside phase ${l.phase}`)

    const minutes = l.agenda.reduce((s, a) => s + a.minutes, 0)
    if (minutes !== LESSON_MINUTES) problems.push(`${at}: agenda minutes sum to ${minutes}, not ${LESSON_MINUTES}`)

    const ids = [...l.fidelity, ...l.proscribed].map((i) => i.id)
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`${at}: duplicate fidelity id "${id}"`)

    for (const slug of l.practices) {
      const arm = guideArm.get(slug)
      if (!arm) problems.push(`${at}: practice "${slug}" does not exist`)
      else if (arm !== l.arm) problems.push(`${at}: practice "${slug}" belongs to the other arm`)
    }
    for (const rule of REQUIRED_PROSCRIBED[l.arm]) {
      if (!l.proscribed.some((p) => rule.test(p.text))) problems.push(`${at}: proscribed items must include ${rule.source}`)
    }
    for (const word of forbiddenWordsIn(l.theme, l.arm)) problems.push(`${at}: participant-facing theme contains "${word}"`)

    const body = bodies.get(l.file)
    if (body !== undefined) {
      const segments = [...body.matchAll(/<Segment\s+title="([^"]*)"\s+minutes=\{(\d+)\}\s*>/g)].map((m) => ({ title: m[1], minutes: Number(m[2]) }))
      const same =
        segments.length === l.agenda.length &&
        segments.every((s, i) => s.title === l.agenda[i].title && s.minutes === l.agenda[i].minutes)
      if (!same) problems.push(`${at}: <Segment> titles and minutes do not match the agenda`)
    }
  }

  for (let w = 1; w <= 24; w++) {
    const totals = (['mrocc', 'recovery_support'] as const).map((arm) =>
      lessons.filter((l) => l.arm === arm && l.week === w).reduce((s, l) => s + l.agenda.reduce((t, a) => t + a.minutes, 0), 0),
    )
    if (totals[0] !== totals[1]) problems.push(`week ${w}: M-ROCC has ${totals[0]} minutes, Recovery Support ${totals[1]}`)
  }

  for (const g of guides) {
    const text = [g.title, g.summary, bodies.get(g.file) ?? ''].join('\n')
    for (const word of forbiddenWordsIn(text, g.arm)) problems.push(`${g.file}: participant-facing guide contains "${word}"`)
  }
  return problems
}
