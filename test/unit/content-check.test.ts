import { describe, expect, test } from 'vitest'
import type { Arm } from '#db/schema'
import {
  checkContent,
  JUDGEMENT_WORDS,
  judgementWordsIn,
  malformedPauseCues,
  OVERDOSE_SAFETY_WEEKS,
  REQUIRED_PROSCRIBED,
} from '~/content/check'
import { OVERDOSE_SAFETY_TEXT } from '~/content/overdose-safety'
import { LessonFrontmatter, PHASES, type GuideMeta, type LessonMeta } from '~/content/schema'
import { forbiddenWordsIn } from '~/domain/arms'

const DIR: Record<Arm, string> = { mrocc: 'mrocc', recovery_support: 'recovery-support' }
const pad = (n: number) => String(n).padStart(2, '0')

function phaseOf(arm: Arm, week: number) {
  return PHASES[arm].find((p) => week >= p.weeks[0] && week <= p.weeks[1])!.id
}

const PROSCRIBED: Record<Arm, { id: string; text: string }[]> = {
  mrocc: [
    { id: 'no-disputing', text: 'Challenging or disputing thoughts' },
    { id: 'no-twelve-step', text: 'Twelve-step work' },
    { id: 'no-decisional-balance', text: 'A decisional balance exercise' },
    { id: 'no-trigger-chain', text: 'Written trigger-chain analysis' },
    { id: 'no-refusal-role-play', text: 'Refusal skills role-play' },
    { id: 'no-sobriety-sampling', text: 'Sobriety sampling' },
    { id: 'no-confidence-ruler', text: 'A confidence ruler used to draw out change talk' },
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

/** The home-practice table of the content contract (minutes per week). */
function homePractice(week: number) {
  return week <= 4 ? 35 : week === 5 ? 42 : week === 6 ? 70 : week === 7 ? 105 : week <= 9 ? 140 : 175
}
const pre = (arm: Arm, week: number) => `${arm === 'mrocc' ? 'm' : 'r'}${pad(week)}`

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
    lang: 'en',
    steps: [],
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
    homePracticeMinutes: homePractice(week),
    prep: ['Materials: name cards', 'Announce the week before: the topic', 'Online: test the link'],
    fidelity: [
      { id: 'welcome', text: 'Leader welcomes each person by name' },
      { id: 'topic', text: 'Leader teaches the topic' },
      { id: 'practice', text: 'Leaders set the home practice' },
      { id: 'close', text: 'Leader closes on time' },
    ],
    competence: [
      { id: `${pre(arm, week)}-c-pacing`, text: 'Pacing and organisation' },
      { id: `${pre(arm, week)}-c-relational`, text: 'Relational skills' },
      { id: `${pre(arm, week)}-c-group`, text: 'Holding the group' },
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
  '',
  '<OverdoseSafety />',
  '',
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

  test('Spanish guides are left to checkTranslations: they do not count toward an arm, nor meet the English topic rule', () => {
    const { lessons, guides } = validSet()
    const mrocc = guides.filter((g) => g.arm === 'mrocc')
    const spanish = mrocc.map((g) => ({ ...g, lang: 'es' as const, file: `practices/es/${g.slug}.mdx` }))
    const fewer = [...guides.filter((g) => g.arm !== 'mrocc'), ...mrocc.slice(1), ...spanish]
    // "Urgencia" contains "urge", which would ask an English guide for <OverdoseSafety />.
    const urgent = { ...spanish[0], title: 'Urgencia' }
    const bodies = new Map([[urgent.file, 'Sin recuadro.']])
    expect(checkContent(lessons, [...fewer, urgent], bodies)).toEqual([
      'mrocc: fewer than 12 practice guides',
      'mrocc/orientation/week-01.mdx: practice "sit-1" does not exist',
      'mrocc/intensive/week-13.mdx: practice "sit-1" does not exist',
    ])
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
        { id: 'welcome', text: 'Leader welcomes everyone' },
        { id: 'welcome', text: 'Leader welcomes again' },
        { id: 'no-disputing', text: 'Leader clashes with a proscribed id' },
        { id: 'close', text: 'Leader closes on time' },
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
    const target = lessons.find((l) => l.arm === 'mrocc' && l.week === 2)!
    const wrongMinutes = BODY.replace('minutes={40}', 'minutes={35}')
    const wrongTitle = BODY.replace('title="Closing"', 'title="Goodbye"')
    const missing = BODY.split('\n').slice(0, -3).join('\n')
    for (const body of [wrongMinutes, wrongTitle, missing, 'No segments at all.']) {
      expect(checkContent(lessons, guides, new Map([[target.file, body]]))).toEqual([
        'mrocc/orientation/week-02.mdx: <Segment> titles and minutes do not match the agenda',
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

/** Bodies for every lesson of the valid set (BODY carries <OverdoseSafety /> in a segment). */
function allBodies(lessons: LessonMeta[], overrides: Record<string, string> = {}) {
  return new Map([...lessons.map((l) => [l.file, BODY] as [string, string]), ...Object.entries(overrides)])
}
const WITHOUT_SAFETY = BODY.replace('<OverdoseSafety />', '')

describe('issue 15: overdose safety', () => {
  test('the safety weeks are 1, 8, 12, 21 and 24', () => {
    expect(OVERDOSE_SAFETY_WEEKS).toEqual([1, 8, 12, 21, 24])
  })

  test('a safety week without <OverdoseSafety /> is reported, in either arm; other weeks need none', () => {
    const { lessons, guides } = validSet()
    const rs8 = 'recovery-support/orientation/week-08.mdx'
    const m21 = 'mrocc/intensive/week-21.mdx'
    const m9 = 'mrocc/intensive/week-09.mdx'
    expect(
      checkContent(
        lessons,
        guides,
        allBodies(lessons, { [rs8]: WITHOUT_SAFETY, [m21]: WITHOUT_SAFETY, [m9]: WITHOUT_SAFETY }),
      ),
    ).toEqual([
      'mrocc/intensive/week-21.mdx: week 21 must show <OverdoseSafety /> inside a <Segment>',
      'recovery-support/orientation/week-08.mdx: week 8 must show <OverdoseSafety /> inside a <Segment>',
    ])
  })

  test('<OverdoseSafety /> outside every segment does not count', () => {
    const { lessons, guides } = validSet()
    const outside = `${WITHOUT_SAFETY}\n\n<OverdoseSafety />\n`
    expect(checkContent(lessons, guides, allBodies(lessons, { 'mrocc/intensive/week-12.mdx': outside }))).toEqual([
      'mrocc/intensive/week-12.mdx: week 12 must show <OverdoseSafety /> inside a <Segment>',
    ])
    // the spelling inside the segment may vary in whitespace
    const spaced = BODY.replace('<OverdoseSafety />', '<OverdoseSafety/>')
    expect(checkContent(lessons, guides, allBodies(lessons, { 'mrocc/intensive/week-12.mdx': spaced }))).toEqual([])
  })

  test('a guide that talks about lapses, slips, urges or cravings must show it', () => {
    const { lessons, guides } = validSet()
    const withTag = 'When a craving comes, wait.\n\n<OverdoseSafety />\n\n<CrisisNote />'
    const cases: [string, string, string][] = [
      ['practices/sit-1.mdx', 'When a craving comes, wait.\n\n<CrisisNote />', 'craving'],
      ['practices/plan-2.mdx', 'If you have a slip, call someone.', 'slip'],
      ['practices/plan-3.mdx', 'After a relapse, start again.', 'lapse'],
      ['practices/sit-4.mdx', 'Notice the urge.', 'urge'],
    ]
    for (const [file, body, word] of cases) {
      expect(checkContent(lessons, guides, new Map([[file, body]]))).toEqual([
        `${file}: talks about "${word}", so it must show <OverdoseSafety />`,
      ])
      expect(checkContent(lessons, guides, new Map([[file, `${body}\n\n<OverdoseSafety />`]]))).toEqual([])
    }
    expect(checkContent(lessons, guides, new Map([['practices/sit-1.mdx', withTag]]))).toEqual([])
    // the title or summary counts too
    const urgent = guides.map((g) => (g.slug === 'plan-5' ? { ...g, title: 'Riding out cravings' } : g))
    expect(checkContent(lessons, urgent, new Map([['practices/plan-5.mdx', 'Steps.']]))).toEqual([
      'practices/plan-5.mdx: talks about "craving", so it must show <OverdoseSafety />',
    ])
    // a guide on another topic needs none; a guide without a body is not checked
    expect(checkContent(lessons, guides, new Map([['practices/plan-6.mdx', 'Plan your week.']]))).toEqual([])
    expect(checkContent(lessons, urgent)).toEqual([])
  })

  test('the overdose-safety text passes the blinding check for both arms and says what it must', () => {
    expect(forbiddenWordsIn(OVERDOSE_SAFETY_TEXT)).toEqual([])
    expect(forbiddenWordsIn(OVERDOSE_SAFETY_TEXT, 'mrocc')).toEqual([])
    expect(forbiddenWordsIn(OVERDOSE_SAFETY_TEXT, 'recovery_support')).toEqual([])
    for (const needed of [
      /after a break/i,
      /lapse/i,
      /missed doses/i,
      /naloxone \(Narcan\)/,
      /without a prescription/,
      /health departments/,
      /free/,
      /do not use alone/i,
      /call 911/,
      /not breathing/,
      /talk to your prescriber/i,
    ]) {
      expect(OVERDOSE_SAFETY_TEXT).toMatch(needed)
    }
  })

  test('no proscribed item may bar safety information', () => {
    const { lessons, guides } = withLesson('recovery_support', 4, {
      proscribed: [
        ...PROSCRIBED.recovery_support,
        { id: 'r04-no-overdose-talk', text: 'Talking about overdose' },
        { id: 'r04-no-crisis', text: 'Discussing a crisis plan' },
      ],
    })
    expect(checkContent(lessons, guides)).toEqual([
      'recovery-support/orientation/week-04.mdx: proscribed item "r04-no-overdose-talk" must not bar safety information (it mentions "overdose")',
      'recovery-support/orientation/week-04.mdx: proscribed item "r04-no-crisis" must not bar safety information (it mentions "crisis")',
    ])
  })
})

describe('issue 15: home practice matched between arms', () => {
  test('week N differing by more than 10% is reported with both numbers', () => {
    const { lessons, guides } = withLesson('recovery_support', 10, { homePracticeMinutes: 150 })
    expect(checkContent(lessons, guides)).toEqual([
      'week 10: home practice differs by more than 10%: M-ROCC asks for 175 minutes (mrocc/intensive/week-10.mdx), Recovery Support 150 (recovery-support/cbt/week-10.mdx)',
    ])
  })

  test('within 10% of the larger is fine, including exactly 10%', () => {
    for (const minutes of [160, 175, 190]) {
      const { lessons, guides } = withLesson('recovery_support', 10, { homePracticeMinutes: minutes })
      expect(checkContent(lessons, guides)).toEqual([])
    }
    const set = validSet()
    const exact = set.lessons.map((l) =>
      l.week === 3 ? lesson(l.arm, 3, { homePracticeMinutes: l.arm === 'mrocc' ? 100 : 90 }) : l,
    )
    expect(checkContent(exact, set.guides)).toEqual([])
    const over = set.lessons.map((l) =>
      l.week === 3 ? lesson(l.arm, 3, { homePracticeMinutes: l.arm === 'mrocc' ? 100 : 89 }) : l,
    )
    expect(checkContent(over, set.guides)).toEqual([
      'week 3: home practice differs by more than 10%: M-ROCC asks for 100 minutes (mrocc/orientation/week-03.mdx), Recovery Support 89 (recovery-support/orientation/week-03.mdx)',
    ])
  })

  test('zero in one arm and some in the other is a mismatch; zero in both is not', () => {
    let set = withLesson('mrocc', 1, { homePracticeMinutes: 0 })
    expect(checkContent(set.lessons, set.guides)).toHaveLength(1)
    set = validSet()
    const none = set.lessons.map((l) => (l.week === 1 ? lesson(l.arm, 1, { homePracticeMinutes: 0 }) : l))
    expect(checkContent(none, set.guides)).toEqual([])
  })
})

describe('issue 15: observable fidelity items', () => {
  const items = (...texts: string[]) => texts.map((text, i) => ({ id: `m11-item-${i + 1}`, text }))
  const check = (fidelity: { id: string; text: string }[]) => {
    const { lessons, guides } = withLesson('mrocc', 11, { fidelity })
    return checkContent(lessons, guides)
  }
  const at = 'mrocc/intensive/week-11.mdx'

  test('every item starts with "Leader " or "Leaders "', () => {
    expect(
      check(
        items(
          'Leader names the theme',
          'Leaders split the group into pairs',
          'Group revisits the agreements',
          'leader sets home practice',
        ),
      ),
    ).toEqual([
      `${at}: fidelity item "m11-item-3" must start with "Leader " or "Leaders "`,
      `${at}: fidelity item "m11-item-4" must start with "Leader " or "Leaders "`,
    ])
  })

  test('judgement words are reported, whole words only, any case', () => {
    expect(
      check(
        items(
          'Leader Warmly welcomes each person',
          'Leader asks with curiosity and kindly',
          'Leader welcomes latecomers and names the well-being theme',
          'Leader models kindness by thanking each speaker',
        ),
      ),
    ).toEqual([
      `${at}: fidelity item "m11-item-1" uses the judgement word "warmly"`,
      `${at}: fidelity item "m11-item-2" uses the judgement word "kindly"`,
      `${at}: fidelity item "m11-item-2" uses the judgement word "curiosity"`,
      `${at}: fidelity item "m11-item-3" uses the judgement word "well"`,
    ])
  })

  test('the judgement words are exactly the contract list', () => {
    expect([...JUDGEMENT_WORDS].sort()).toEqual(
      [
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
      ].sort(),
    )
    expect(judgementWordsIn('Leader guides the practice gently and skilfully')).toEqual(['gently', 'skilfully'])
    expect(judgementWordsIn('Leader names the warm-up')).toEqual(['warm'])
    expect(judgementWordsIn('Leader sets the home practice')).toEqual([])
  })

  test('4 to 9 prescribed items', () => {
    const n = (count: number) => items(...Array.from({ length: count }, (_, i) => `Leader does thing ${i + 1}`))
    expect(check(n(3))).toEqual([`${at}: 3 prescribed fidelity items, expected 4–9`])
    expect(check(n(4))).toEqual([])
    expect(check(n(9))).toEqual([])
    expect(check(n(10))).toEqual([`${at}: 10 prescribed fidelity items, expected 4–9`])
  })
})

describe('issue 15: prep, competence domains and formerly ids', () => {
  test('missing keys are reported by the check (the build accepts them missing)', () => {
    const { lessons, guides } = validSet()
    const bare = lessons.map((l) => {
      if (l.arm !== 'mrocc' || l.week !== 5) return l
      const { prep: _p, competence: _c, homePracticeMinutes: _h, ...rest } = l
      return rest as LessonMeta
    })
    expect(checkContent(bare, guides)).toEqual([
      'mrocc/low-dose/week-05.mdx: homePracticeMinutes is missing',
      'mrocc/low-dose/week-05.mdx: prep list is missing',
      'mrocc/low-dose/week-05.mdx: competence domains are missing',
    ])
  })

  test('competence ids carry the lesson prefix and are unique with the fidelity ids', () => {
    const { lessons, guides } = withLesson('recovery_support', 14, {
      competence: [
        { id: 'r14-c-empathy', text: 'Empathy' },
        { id: 'r13-c-structure', text: 'Structure' },
        { id: 'topic', text: 'Clashes with a fidelity id' },
        { id: 'r14-c-empathy', text: 'Empathy again' },
      ],
    })
    const at = 'recovery-support/motivational-interviewing/week-14.mdx'
    expect(checkContent(lessons, guides)).toEqual([
      `${at}: duplicate fidelity id "topic"`,
      `${at}: duplicate fidelity id "r14-c-empathy"`,
      `${at}: competence id "r13-c-structure" must start with "r14-c-"`,
      `${at}: competence id "topic" must start with "r14-c-"`,
    ])
  })

  test('formerly ids may not repeat within an item or name a current id; a split item may share one', () => {
    const at = 'mrocc/intensive/week-16.mdx'
    const base = lesson('mrocc', 16).fidelity
    let set = withLesson('mrocc', 16, {
      fidelity: [
        { ...base[0], formerly: ['m16-old-welcome', 'm16-old-welcome'] },
        { ...base[1], formerly: ['practice'] },
        { ...base[2], formerly: ['m16-c-pacing'] },
        base[3],
      ],
    })
    expect(checkContent(set.lessons, set.guides)).toEqual([
      `${at}: fidelity item "welcome" lists "m16-old-welcome" in formerly twice`,
      `${at}: fidelity item "topic" lists "practice" in formerly, but "practice" is a current id`,
      `${at}: fidelity item "practice" lists "m16-c-pacing" in formerly, but "m16-c-pacing" is a current id`,
    ])
    set = withLesson('mrocc', 16, {
      fidelity: [
        { ...base[0], formerly: ['m16-bundled'] },
        { ...base[1], formerly: ['m16-bundled', 'm16-older'] },
        base[2],
        base[3],
      ],
    })
    expect(checkContent(set.lessons, set.guides)).toEqual([])
  })
})

describe('issue 15: contrast protected both ways', () => {
  test('M-ROCC lessons must proscribe the five Recovery Support ingredients', () => {
    expect(REQUIRED_PROSCRIBED.mrocc).toHaveLength(7)
    const keep = PROSCRIBED.mrocc.filter((p) => ['no-disputing', 'no-twelve-step'].includes(p.id))
    const { lessons, guides } = withLesson('mrocc', 14, { proscribed: keep })
    const at = 'mrocc/intensive/week-14.mdx'
    expect(checkContent(lessons, guides)).toEqual([
      `${at}: proscribed items must include decisional balance`,
      `${at}: proscribed items must include trigger.chain`,
      `${at}: proscribed items must include refusal.*role.play|role.play.*refusal`,
      `${at}: proscribed items must include sobriety sampling`,
      `${at}: proscribed items must include confidence ruler`,
    ])
  })

  test('the regexes accept natural wordings', () => {
    const [, , balance, chain, rolePlay, sampling, ruler] = REQUIRED_PROSCRIBED.mrocc
    expect(balance.test('Decisional balance (pros and cons of changing)')).toBe(true)
    expect(chain.test('Written trigger chain analysis')).toBe(true)
    // the item must say "refusal": "refusing" alone does not match
    expect(rolePlay.test('Role-play of refusing an offer')).toBe(false)
    expect(rolePlay.test('Role-play rehearsal of refusal skills')).toBe(true)
    expect(rolePlay.test('Refusal role play')).toBe(true)
    expect(sampling.test('Sobriety sampling')).toBe(true)
    expect(ruler.test('Confidence rulers used to elicit change talk')).toBe(true)
  })
})

describe('pause cues', () => {
  test('well-formed cues pass; anything else starting "(pause" is reported', () => {
    expect(
      malformedPauseCues(
        'Breathe in. (pause about 30 seconds) Now (pause about 1 minute) and (Pause about 2 minutes).',
      ),
    ).toEqual([])
    expect(malformedPauseCues('Rest here (pause for a minute). Then (pause about a minute) and (pause).')).toEqual([
      '(pause for a minute)',
      '(pause about a minute)',
      '(pause)',
    ])
    expect(malformedPauseCues('Take a pause. (Pauses are fine.)')).toEqual([])
  })

  test('the check reports malformed cues in guides; lesson scripts are paced live and not checked', () => {
    const { lessons, guides } = validSet()
    const lessonBody = BODY.replace('Teach.', 'Sit quietly (pause 1 min).')
    expect(
      checkContent(
        lessons,
        guides,
        new Map([
          ['mrocc/low-dose/week-06.mdx', lessonBody],
          ['practices/sit-6.mdx', '1. Notice your feet (pause about ten seconds).'],
        ]),
      ),
    ).toEqual([
      'practices/sit-6.mdx: pause cue "(pause about ten seconds)" should read "(pause about N seconds|minute|minutes)"',
    ])
  })
})

describe('lesson frontmatter schema (issue 15 keys)', () => {
  const valid = {
    title: 'Week 9',
    arm: 'mrocc',
    phase: 'intensive',
    week: 9,
    summary: 'What this session covers.',
    theme: 'Noticing what helps you stay well this week.',
    agenda: [{ title: 'All of it', minutes: 60 }],
    homePracticeMinutes: 140,
    prep: ['Materials: a bell', 'Announce: the new group shape', 'Online: breakout rooms off'],
    fidelity: [
      {
        id: 'm09-names-new-shape',
        text: 'Leader names that the group has changed',
        formerly: ['m09-acknowledge-shape'],
      },
      { id: 'm09-b', text: 'Leader b' },
      { id: 'm09-c', text: 'Leader c' },
    ],
    competence: [
      { id: 'm09-c-guiding', text: 'Guiding the practice' },
      { id: 'm09-c-inquiry', text: 'Conveying themes through inquiry' },
      { id: 'm09-c-holding', text: 'Holding the group' },
    ],
    proscribed: [{ id: 'm09-no-x', text: 'Something' }],
    practices: ['sitting-practice'],
  }
  const errors = (data: unknown) => {
    const r = LessonFrontmatter.safeParse(data)
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }

  test('accepts the contract example and keeps formerly', () => {
    expect(errors(valid)).toEqual([])
    expect(LessonFrontmatter.parse(valid).fidelity[0].formerly).toEqual(['m09-acknowledge-shape'])
  })

  test('requires homePracticeMinutes (integer 0–600), prep (3–6 non-empty) and competence (3–6 items)', () => {
    for (const key of ['homePracticeMinutes', 'prep', 'competence'] as const) {
      const { [key]: _gone, ...rest } = valid
      expect(errors(rest)).toEqual([`${key}: Required`])
    }
    expect(errors({ ...valid, homePracticeMinutes: 17.5 })).toHaveLength(1)
    expect(errors({ ...valid, homePracticeMinutes: 601 })).toHaveLength(1)
    expect(errors({ ...valid, homePracticeMinutes: 0 })).toEqual([])
    expect(errors({ ...valid, prep: valid.prep.slice(0, 2) })).toHaveLength(1)
    expect(errors({ ...valid, prep: [...valid.prep, '  '] })).toEqual(['prep.3: prep items must not be empty'])
    expect(errors({ ...valid, prep: Array(7).fill('x') })).toHaveLength(1)
    expect(errors({ ...valid, competence: valid.competence.slice(0, 2) })).toHaveLength(1)
    expect(errors({ ...valid, competence: [...valid.competence, { id: 'Bad Id', text: 'x y z' }] })).toHaveLength(1)
  })

  test('stays strict: unknown keys, and formerly with bad ids or on competence items, are rejected', () => {
    expect(errors({ ...valid, homework: 3 })).toHaveLength(1)
    const badFormerly = {
      ...valid,
      fidelity: [{ ...valid.fidelity[0], formerly: ['Old_Id'] }, ...valid.fidelity.slice(1)],
    }
    expect(errors(badFormerly)).toEqual(['fidelity.0.formerly.0: ids are lowercase kebab-case'])
    const competenceFormerly = {
      ...valid,
      competence: [{ ...valid.competence[0], formerly: ['x'] }, ...valid.competence.slice(1)],
    }
    expect(errors(competenceFormerly)).toHaveLength(1)
  })
})
