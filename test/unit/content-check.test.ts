import { describe, expect, test } from 'vitest'
import type { Arm } from '#db/schema'
import { checkContent } from '~/content/check'
import { forbiddenWordsIn, PHASES, type GuideMeta, type LessonMeta } from '~/content/schema'

const DIR: Record<Arm, string> = { mrocc: 'mrocc', recovery_support: 'recovery-support' }
const pad = (n: number) => String(n).padStart(2, '0')

function phaseOf(arm: Arm, week: number) {
  return PHASES[arm].find((p) => week >= p.weeks[0] && week <= p.weeks[1])!.id
}

const PROSCRIBED: Record<Arm, { id: string; text: string }[]> = {
  mrocc: [
    { id: 'no-disputing', text: 'Challenging or disputing thoughts' },
    { id: 'no-twelve-step', text: 'Twelve-step work' },
  ],
  recovery_support: [
    { id: 'no-meditation', text: 'Guided meditation' },
    { id: 'no-body-scan', text: 'A body scan' },
    { id: 'no-breath', text: 'Breath practices' },
    { id: 'no-urge-surfing', text: 'Urge surfing' },
    { id: 'no-self-compassion', text: 'Self-compassion exercises' },
    { id: 'no-mindful-movement', text: 'Mindful movement' },
  ],
}

function guide(arm: Arm, n: number, overrides: Partial<GuideMeta> = {}): GuideMeta {
  const slug = `${arm === 'mrocc' ? 'sit' : 'plan'}-${n}`
  return {
    title: `Home practice ${n}`,
    arm,
    minutes: 10,
    summary: 'A short thing to try at home.',
    slug,
    hash: `h-${slug}`,
    file: `practices/${slug}.mdx`,
    ...overrides,
  }
}

function lesson(arm: Arm, week: number, overrides: Partial<LessonMeta> = {}): LessonMeta {
  const phase = phaseOf(arm, week)
  return {
    title: `Week ${week}`,
    arm,
    phase,
    week,
    summary: 'What this session covers.',
    theme: 'Noticing what helps you stay well this week.',
    agenda: [
      { title: 'Welcome', minutes: 10 },
      { title: 'Main topic', minutes: 40 },
      { title: 'Closing', minutes: 10 },
    ],
    fidelity: [
      { id: 'welcome', text: 'Welcomes everyone' },
      { id: 'topic', text: 'Teaches the topic' },
      { id: 'close', text: 'Closes on time' },
    ],
    proscribed: PROSCRIBED[arm],
    practices: [`${arm === 'mrocc' ? 'sit' : 'plan'}-${((week - 1) % 12) + 1}`],
    slug: `${DIR[arm]}/week-${pad(week)}`,
    hash: `h-${arm}-${week}`,
    file: `${DIR[arm]}/${phase}/week-${pad(week)}.mdx`,
    ...overrides,
  }
}

function validSet() {
  const lessons: LessonMeta[] = []
  const guides: GuideMeta[] = []
  for (const arm of ['mrocc', 'recovery_support'] as const) {
    for (let w = 1; w <= 24; w++) lessons.push(lesson(arm, w))
    for (let n = 1; n <= 12; n++) guides.push(guide(arm, n))
  }
  return { lessons, guides }
}

/** The valid set with one lesson replaced. */
function withLesson(arm: Arm, week: number, overrides: Partial<LessonMeta>) {
  const { lessons, guides } = validSet()
  return { lessons: lessons.map((l) => (l.arm === arm && l.week === week ? lesson(arm, week, overrides) : l)), guides }
}

const BODY = [
  '<Segment title="Welcome" minutes={10}>',
  'Hello.',
  '</Segment>',
  '<Segment title="Main topic" minutes={40}>',
  'Teach.',
  '</Segment>',
  '<Segment title="Closing" minutes={10}>',
  'Bye.',
  '</Segment>',
].join('\n')

describe('checkContent', () => {
  test('a valid minimal set (24 + 24 lessons, 12 + 12 guides) has no problems', () => {
    const { lessons, guides } = validSet()
    expect(lessons).toHaveLength(48)
    expect(guides).toHaveLength(24)
    expect(checkContent(lessons, guides)).toEqual([])
  })

  test('a valid set with matching segment bodies has no problems', () => {
    const { lessons, guides } = validSet()
    const bodies = new Map(lessons.map((l) => [l.file, BODY]))
    expect(checkContent(lessons, guides, bodies)).toEqual([])
  })

  test('reports a missing week (and the resulting minute mismatch)', () => {
    const { lessons, guides } = validSet()
    const without = lessons.filter((l) => !(l.arm === 'recovery_support' && l.week === 13))
    expect(checkContent(without, guides)).toEqual([
      'recovery_support: week 13 is missing',
      'week 13: M-ROCC has 60 minutes, Recovery Support 0',
    ])
  })

  test('reports an extra lesson for a week', () => {
    const { lessons, guides } = validSet()
    const extra = lesson('mrocc', 5, { file: 'mrocc/low-dose/extra/week-05.mdx' })
    expect(checkContent([...lessons, extra], guides)).toEqual([
      'mrocc: week 5 has 2 lessons',
      'week 5: M-ROCC has 120 minutes, Recovery Support 60',
    ])
  })

  test('reports an agenda that does not sum to 60 and the arm week totals differing', () => {
    const { lessons, guides } = withLesson('mrocc', 3, {
      agenda: [
        { title: 'Welcome', minutes: 10 },
        { title: 'Main topic', minutes: 45 },
        { title: 'Closing', minutes: 10 },
      ],
    })
    expect(checkContent(lessons, guides)).toEqual([
      'mrocc/orientation/week-03.mdx: agenda minutes sum to 65, not 60',
      'week 3: M-ROCC has 65 minutes, Recovery Support 60',
    ])
  })

  test('both arms at 55 minutes: each agenda is reported, but the week totals match', () => {
    const short = [{ title: 'Only', minutes: 55 }]
    const { lessons, guides } = validSet()
    const changed = lessons.map((l) => (l.week === 20 ? lesson(l.arm, 20, { agenda: short }) : l))
    expect(checkContent(changed, guides)).toEqual([
      'mrocc/intensive/week-20.mdx: agenda minutes sum to 55, not 60',
      'recovery-support/community-reinforcement/week-20.mdx: agenda minutes sum to 55, not 60',
    ])
  })

  test('reports duplicate fidelity ids, including across prescribed and proscribed', () => {
    const { lessons, guides } = withLesson('mrocc', 10, {
      fidelity: [
        { id: 'welcome', text: 'Welcomes everyone' },
        { id: 'welcome', text: 'Welcomes again' },
        { id: 'no-disputing', text: 'Clashes with a proscribed id' },
      ],
    })
    expect(checkContent(lessons, guides)).toEqual([
      'mrocc/intensive/week-10.mdx: duplicate fidelity id "welcome"',
      'mrocc/intensive/week-10.mdx: duplicate fidelity id "no-disputing"',
    ])
  })

  test('reports an unknown practice slug', () => {
    const { lessons, guides } = withLesson('recovery_support', 2, { practices: ['plan-1', 'no-such-guide'] })
    expect(checkContent(lessons, guides)).toEqual([
      'recovery-support/orientation/week-02.mdx: practice "no-such-guide" does not exist',
    ])
  })

  test('reports a practice from the other arm', () => {
    const { lessons, guides } = withLesson('recovery_support', 9, { practices: ['sit-1'] })
    expect(checkContent(lessons, guides)).toEqual([
      'recovery-support/cbt/week-09.mdx: practice "sit-1" belongs to the other arm',
    ])
  })

  test('reports a forbidden word in a participant-facing theme', () => {
    const { lessons, guides } = withLesson('mrocc', 6, { theme: 'Feeling more in control of your week.' })
    expect(checkContent(lessons, guides)).toEqual([
      'mrocc/low-dose/week-06.mdx: participant-facing theme contains "control"',
    ])
  })

  test('reports an other-arm word in a Recovery Support theme', () => {
    const { lessons, guides } = withLesson('recovery_support', 14, { theme: 'A mindful look at what motivates you.' })
    expect(checkContent(lessons, guides)).toEqual([
      'recovery-support/motivational-interviewing/week-14.mdx: participant-facing theme contains "mindful"',
    ])
  })

  test('reports <Segment> titles or minutes that do not match the agenda when bodies are given', () => {
    const { lessons, guides } = validSet()
    const target = lessons.find((l) => l.arm === 'mrocc' && l.week === 1)!
    const wrongMinutes = BODY.replace('minutes={40}', 'minutes={35}')
    const wrongTitle = BODY.replace('title="Closing"', 'title="Goodbye"')
    const missing = BODY.split('\n').slice(0, 6).join('\n')
    for (const body of [wrongMinutes, wrongTitle, missing, 'No segments at all.']) {
      expect(checkContent(lessons, guides, new Map([[target.file, body]]))).toEqual([
        'mrocc/orientation/week-01.mdx: <Segment> titles and minutes do not match the agenda',
      ])
    }
    // without a body for the file no segment check is made
    expect(checkContent(lessons, guides, new Map([['elsewhere.mdx', 'x']]))).toEqual([])
  })

  test('reports frontmatter arm/week that do not match the path', () => {
    const { lessons, guides } = withLesson('mrocc', 7, { file: 'mrocc/low-dose/week-08.mdx' })
    expect(checkContent(lessons, guides)).toEqual([
      'mrocc/low-dose/week-08.mdx: arm/week in frontmatter do not match the path (expected mrocc/…/week-07.mdx)',
    ])
  })

  test('reports an unknown phase and a week outside its phase', () => {
    let set = withLesson('mrocc', 2, { phase: 'warm-up' })
    expect(checkContent(set.lessons, set.guides)).toEqual(['mrocc/orientation/week-02.mdx: unknown phase "warm-up"'])
    set = withLesson('recovery_support', 5, { phase: 'cbt' })
    expect(checkContent(set.lessons, set.guides)).toEqual([
      'recovery-support/orientation/week-05.mdx: week 5 is outside phase cbt',
    ])
  })

  test("reports a missing required proscribed item (the other arm's techniques)", () => {
    const { lessons, guides } = withLesson('recovery_support', 1, {
      proscribed: PROSCRIBED.recovery_support.filter((p) => p.id !== 'no-body-scan'),
    })
    expect(checkContent(lessons, guides)).toEqual([
      'recovery-support/orientation/week-01.mdx: proscribed items must include body scan',
    ])
  })

  test('reports fewer than 12 guides for an arm', () => {
    const { lessons, guides } = validSet()
    const fewer = guides.filter((g) => g.slug !== 'plan-12')
    const noPlan12 = lessons.map((l) => (l.practices[0] === 'plan-12' ? { ...l, practices: ['plan-1'] } : l))
    expect(checkContent(noPlan12, fewer)).toEqual(['recovery_support: fewer than 12 practice guides'])
  })

  test("reports a forbidden word in a guide's title, summary or body", () => {
    const { lessons, guides } = validSet()
    const g = guides.map((x) => (x.slug === 'plan-3' ? { ...x, summary: 'Talk it over with your study group.' } : x))
    expect(checkContent(lessons, g)).toEqual(['practices/plan-3.mdx: participant-facing guide contains "study group"'])
    const bodies = new Map([['practices/sit-2.mdx', 'Unlike the other group, we sit.']])
    expect(checkContent(lessons, guides, bodies)).toEqual([
      'practices/sit-2.mdx: participant-facing guide contains "other group"',
    ])
  })
})

describe('forbiddenWordsIn: blinding words in participant-facing text', () => {
  test('"in control" is flagged as "control"', () => {
    expect(forbiddenWordsIn('You are in control of your choices.')).toEqual(['control'])
    expect(forbiddenWordsIn('CONTROL')).toEqual(['control'])
  })

  test('"alarm" and "harm" are not flagged for "arm"; "arm" on its own is', () => {
    expect(forbiddenWordsIn('Set an alarm. Reduce harm. Stay warm.')).toEqual([])
    expect(forbiddenWordsIn('Which arm am I in?')).toEqual(['arm'])
    expect(forbiddenWordsIn('arm')).toEqual(['arm'])
  })

  test('"Recovery Support" is flagged (case-insensitive), as are the programme names', () => {
    expect(forbiddenWordsIn('Welcome to Recovery Support!')).toEqual(['recovery support'])
    expect(forbiddenWordsIn('Welcome to M-ROCC.')).toEqual(['m-rocc'])
    expect(forbiddenWordsIn('Mindful Recovery starts today')).toEqual(['mindful recovery'])
  })

  test('several words are all reported, in list order', () => {
    expect(forbiddenWordsIn('The experimental arm versus the placebo comparison')).toEqual([
      'experimental',
      'comparison',
      'arm',
      'placebo',
    ])
  })

  test('plain text has no forbidden words', () => {
    expect(forbiddenWordsIn('Take a slow walk and notice five things you can see.')).toEqual([])
  })

  test('"mindful" is flagged only for Recovery Support text', () => {
    const text = 'Take a mindful pause before you answer.'
    expect(forbiddenWordsIn(text)).toEqual([])
    expect(forbiddenWordsIn(text, 'mrocc')).toEqual([])
    expect(forbiddenWordsIn(text, 'recovery_support')).toEqual(['mindful'])
  })

  test("M-ROCC text may not name the other arm's techniques", () => {
    expect(forbiddenWordsIn('Find a 12-step meeting near you.', 'mrocc')).toEqual(['12-step'])
    expect(forbiddenWordsIn('Fill in a thought record.', 'mrocc')).toEqual(['thought record'])
    expect(forbiddenWordsIn('Fill in a thought record.', 'recovery_support')).toEqual([])
  })

  test('whole words inside hyphenated words and study words are caught', () => {
    expect(forbiddenWordsIn('Practise self-control.')).toEqual(['control'])
    expect(forbiddenWordsIn('Thanks for joining this research trial.')).toEqual(['trial', 'research'])
  })

  test("the other arm's words match as stems", () => {
    expect(forbiddenWordsIn('Breathe mindfully.', 'recovery_support')).toEqual(['mindful'])
    expect(forbiddenWordsIn('Meditating helps.', 'recovery_support')).toEqual(['meditat'])
    expect(forbiddenWordsIn('Try these breathing exercises.', 'recovery_support')).toEqual(['breathing exercise'])
    expect(forbiddenWordsIn('Meditating helps.', 'mrocc')).toEqual([])
  })
})
