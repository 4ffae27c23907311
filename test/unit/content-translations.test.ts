import { describe, expect, test } from 'vitest'
import type { Arm } from '#db/schema'
import { checkTranslations, malformedSpanishPauseCues } from '~/content/check'
import { guideSteps, pauseSeconds } from '~/content/guide-steps'
import { classify } from '~/content/compile.server'
import { OVERDOSE_SAFETY, OVERDOSE_SAFETY_ES, OVERDOSE_SAFETY_ES_TEXT } from '~/content/overdose-safety'
import { lessonSlug, type GuideMeta, type LessonMeta, type ThemeMeta } from '~/content/schema'
import { forbiddenWordsIn } from '~/domain/arms'
import { spanishForbiddenWordsIn } from '~/i18n/blinding-es'

/**
 * The Spanish half of the content contract (docs/content-guide.md, "In Spanish"): small
 * in-memory sets, one rule broken at a time, each with the exact line the check reports.
 */

const EN_BODY = `
## When to use it

- When you need a break.

## Steps

1. Sit down. (pause about 15 seconds)
2. Feel your feet.
   Take your time. (pause about 1 minute)
3. Listen to the sounds around you. (pause about 2 minutes) Then notice your breath. (pause about 30 seconds)
4. Open your eyes.

## If it gets hard

- Stop any time.

## After

- Log your practice.

<OverdoseSafety />

<CrisisNote />
`

const ES_BODY = `
## Cuándo usarla

- Cuando necesite un descanso.

## Pasos

1. Siéntese. (pausa de unos 15 segundos)
2. Sienta sus pies.
   Tómese su tiempo. (pausa de un minuto)
3. Escuche los sonidos a su alrededor. (pausa de unos 2 minutos) Luego note su respiración. (pausa de unos 30 segundos)
4. Abra los ojos.

## Si se pone difícil

- Puede parar cuando quiera.

## Después

- Anote su práctica.

<OverdoseSafety />

<CrisisNote />
`

function guide(slug: string, lang: 'en' | 'es', overrides: Partial<GuideMeta> = {}): GuideMeta {
  return {
    title: lang === 'en' ? 'Sounds' : 'Sonidos',
    arm: 'mrocc',
    minutes: 10,
    summary: lang === 'en' ? 'Listen to the sounds around you.' : 'Escuche los sonidos a su alrededor.',
    slug,
    hash: `h-${lang}-${slug}`,
    file: lang === 'en' ? `practices/${slug}.mdx` : `practices/es/${slug}.mdx`,
    lang,
    steps: [],
    ...overrides,
  }
}

function lesson(arm: Arm, week: number): LessonMeta {
  const dir = arm === 'mrocc' ? 'mrocc' : 'recovery-support'
  return {
    title: `Week ${week}`,
    arm,
    phase: 'orientation',
    week,
    summary: 'What this session covers.',
    theme: 'Noticing what helps you stay well this week.',
    agenda: [{ title: 'All', minutes: 60 }],
    homePracticeMinutes: 35,
    prep: ['a', 'b', 'c'],
    fidelity: [],
    competence: [],
    proscribed: [],
    practices: ['sounds'],
    slug: lessonSlug(arm, week),
    hash: `l-${arm}-${week}`,
    file: `${dir}/01-orientation/week-0${week}.mdx`,
  }
}

function theme(arm: Arm, week: number, overrides: Partial<ThemeMeta> = {}): ThemeMeta {
  const dir = arm === 'mrocc' ? 'mrocc' : 'recovery-support'
  return {
    arm,
    week,
    theme: 'Esta semana se trata de lo que le ayuda a estar bien.',
    slug: lessonSlug(arm, week),
    hash: `t-${arm}-${week}`,
    file: `themes/es/${dir}/week-0${week}.mdx`,
    lang: 'es',
    ...overrides,
  }
}

/** One English guide and its Spanish version; two lessons (one per arm) and their themes. */
function validSet() {
  const guides = [guide('sounds', 'en'), guide('sounds', 'es')]
  const lessons = [lesson('mrocc', 1), lesson('recovery_support', 1)]
  const themes = [theme('mrocc', 1), theme('recovery_support', 1)]
  const bodies = new Map<string, string>([
    ['practices/sounds.mdx', EN_BODY],
    ['practices/es/sounds.mdx', ES_BODY],
    ['themes/es/mrocc/week-01.mdx', ''],
    ['themes/es/recovery-support/week-01.mdx', '\n'],
  ])
  return { guides, lessons, themes, bodies }
}

/** The valid set with the Spanish body changed. */
function withSpanishBody(body: string) {
  const set = validSet()
  set.bodies.set('practices/es/sounds.mdx', body)
  return checkTranslations(set.lessons, set.guides, set.themes, set.bodies)
}

const ES = 'practices/es/sounds.mdx'

describe('Spanish pause cues', () => {
  test('the three Spanish forms give the same seconds as their English ones', () => {
    expect(pauseSeconds('(pausa de unos 30 segundos)', 'es')).toBe(30)
    expect(pauseSeconds('(pausa de un minuto)', 'es')).toBe(60)
    expect(pauseSeconds('(pausa de unos 3 minutos)', 'es')).toBe(180)
    expect(pauseSeconds('(pause about 30 seconds)', 'en')).toBe(30)
    expect(pauseSeconds('(pause about 1 minute)', 'en')).toBe(60)
    expect(pauseSeconds('(pause about 3 minutes)', 'en')).toBe(180)
  })

  test('anything else in brackets starting "pausa" (or an English cue) is malformed in a Spanish guide', () => {
    const body = [
      '1. Uno (pausa de unos 30 segundos) y (pausa de un minuto).',
      '2. Dos (pausa de unos treinta segundos).',
      '3. Tres (pausa unos 2 minutos).',
      '4. Cuatro (pausa de unos 1 minutos).',
      '5. Cinco (pause about 30 seconds).',
      '6. Seis (Pausa de unos 20 segundos y respire).',
    ].join('\n')
    expect(malformedSpanishPauseCues(body)).toEqual([
      '(pausa de unos treinta segundos)',
      '(pausa unos 2 minutos)',
      '(pausa de unos 1 minutos)',
      '(pause about 30 seconds)',
      '(Pausa de unos 20 segundos y respire)',
    ])
  })

  test('steps and their pauses are read per step, continuation lines included', () => {
    expect(guideSteps(ES_BODY)).toHaveLength(4)
    expect(guideSteps(EN_BODY).map((s) => s.pauseSeconds)).toEqual([15, 60, 150, null])
    expect(guideSteps(ES_BODY).map((s) => s.pauseSeconds)).toEqual([15, 60, 150, null])
    expect(guideSteps('## Cuándo usarla\n\n- Siempre.\n')).toEqual([])
  })
})

describe('checkTranslations', () => {
  test('a Spanish guide and themes that match their English originals have no problems', () => {
    const { lessons, guides, themes, bodies } = validSet()
    expect(checkTranslations(lessons, guides, themes, bodies)).toEqual([])
  })

  test('a missing Spanish guide is reported', () => {
    const { lessons, guides, themes, bodies } = validSet()
    const extra = guide('savoring', 'en')
    expect(checkTranslations(lessons, [...guides, extra], themes, bodies)).toEqual([
      'practices/es/savoring.mdx is missing (the es version of practices/savoring.mdx)',
    ])
  })

  test('a missing Spanish weekly theme is reported', () => {
    const { lessons, guides, themes, bodies } = validSet()
    expect(checkTranslations(lessons, guides, themes.slice(1), bodies)).toEqual([
      'themes/es/mrocc/week-01.mdx is missing (the es theme of mrocc/01-orientation/week-01.mdx)',
    ])
  })

  test('an orphan Spanish guide or theme (no English original) is reported', () => {
    const { lessons, guides, themes, bodies } = validSet()
    const orphan = guide('no-such-guide', 'es')
    const orphanTheme = theme('mrocc', 2)
    expect(checkTranslations(lessons, [...guides, orphan], [...themes, orphanTheme], bodies)).toEqual([
      'practices/es/no-such-guide.mdx: no English guide practices/no-such-guide.mdx to translate (orphan)',
      'themes/es/mrocc/week-02.mdx: no English lesson mrocc/week-02 to translate (orphan)',
    ])
  })

  test('different minutes or arm from the English guide are reported', () => {
    const { lessons, guides, themes, bodies } = validSet()
    const changed = [guides[0], guide('sounds', 'es', { minutes: 15, arm: 'recovery_support' })]
    expect(checkTranslations(lessons, changed, themes, bodies)).toEqual([
      `${ES}: arm is recovery_support, the English guide's is mrocc`,
      `${ES}: minutes is 15, the English guide's is 10`,
    ])
  })

  test('a different number of steps is reported', () => {
    const fewer = ES_BODY.replace('4. Abra los ojos.\n', '')
    expect(withSpanishBody(fewer)).toEqual([`${ES}: 3 steps under "## Pasos", the English guide has 4`])
    const more = ES_BODY.replace('4. Abra los ojos.', '4. Abra los ojos.\n5. Estírese.')
    expect(withSpanishBody(more)).toEqual([`${ES}: 5 steps under "## Pasos", the English guide has 4`])
  })

  test('a pause of a different length, a missing pause or a pause in another step is reported', () => {
    const longer = ES_BODY.replace('(pausa de unos 15 segundos)', '(pausa de unos 30 segundos)')
    expect(withSpanishBody(longer)).toEqual([`${ES}: step 1 pauses 30 s, the English step 1 15 s`])
    const dropped = ES_BODY.replace(' Luego note su respiración. (pausa de unos 30 segundos)', '')
    expect(withSpanishBody(dropped)).toEqual([`${ES}: step 3 pauses 2 min, the English step 3 150 s`])
    const moved = ES_BODY.replace(' (pausa de unos 15 segundos)', '').replace(
      'Abra los ojos.',
      'Abra los ojos. (pausa de unos 15 segundos)',
    )
    expect(withSpanishBody(moved)).toEqual([
      `${ES}: step 1 pauses no pause, the English step 1 15 s`,
      `${ES}: step 4 pauses 15 s, the English step 4 no pause`,
    ])
  })

  test('a malformed Spanish pause cue is reported (and does not count as the pause)', () => {
    const bad = ES_BODY.replace('(pausa de un minuto)', '(pausa de 1 minuto)')
    expect(withSpanishBody(bad)).toEqual([
      `${ES}: step 2 pauses no pause, the English step 2 1 min`,
      `${ES}: pause cue "(pausa de 1 minuto)" should read "(pausa de unos N segundos)", "(pausa de un minuto)" or "(pausa de unos N minutos)"`,
    ])
  })

  test('a missing "## Pasos" section, a wrong glossary heading or a missing section is reported', () => {
    expect(withSpanishBody(ES_BODY.replace('## Pasos', '## Los pasos'))).toEqual([
      `${ES}: section 2 is "## Los pasos", expected "## Pasos" (for "## Steps")`,
      `${ES}: has no "## Pasos" section`,
    ])
    expect(withSpanishBody(ES_BODY.replace('## Después\n\n- Anote su práctica.\n', ''))).toEqual([
      `${ES}: 3 "##" sections, the English guide has 4`,
    ])
  })

  test('a missing or extra MDX component is reported', () => {
    expect(withSpanishBody(ES_BODY.replace('<OverdoseSafety />\n', ''))).toEqual([
      `${ES}: MDX components <CrisisNote>, the English guide uses <OverdoseSafety>, <CrisisNote>`,
    ])
  })

  test('Spanish blinding words are reported in a guide title, summary, body and a theme', () => {
    const { lessons, themes, bodies } = validSet()
    const guides = [
      guide('sounds', 'en'),
      guide('sounds', 'es', { title: 'Sonidos del ensayo', summary: 'Algo del grupo de control.' }),
    ]
    bodies.set(ES, ES_BODY.replace('Siéntese.', 'Siéntese como en la intervención.'))
    const blind = [theme('mrocc', 1, { theme: 'Esta semana comparamos con el otro grupo.' }), themes[1]]
    expect(checkTranslations(lessons, guides, blind, bodies)).toEqual([
      `${ES}: participant-facing guide contains "control"`,
      `${ES}: participant-facing guide contains "intervención"`,
      `${ES}: participant-facing guide contains "ensayo"`,
      'themes/es/mrocc/week-01.mdx: participant-facing theme contains "otro grupo"',
    ])
  })

  test('English blinding words and the other group’s words are reported in Spanish text too', () => {
    const { lessons, guides, bodies } = validSet()
    const themes = [
      theme('mrocc', 1, { theme: 'Esta semana: el trial y los doce pasos.' }),
      theme('recovery_support', 1, { theme: 'Esta semana probamos la atención plena y la meditación.' }),
    ]
    expect(checkTranslations(lessons, guides, themes, bodies)).toEqual([
      'themes/es/mrocc/week-01.mdx: participant-facing theme contains "trial"',
      'themes/es/mrocc/week-01.mdx: participant-facing theme contains "doce pasos"',
      'themes/es/recovery-support/week-01.mdx: participant-facing theme contains "atención plena"',
      'themes/es/recovery-support/week-01.mdx: participant-facing theme contains "medita"',
    ])
  })

  test('a theme whose path does not match its frontmatter, or with a body, is reported', () => {
    const { lessons, guides, bodies } = validSet()
    const themes = [theme('mrocc', 1, { file: 'themes/es/recovery-support/week-01.mdx' }), theme('recovery_support', 1)]
    bodies.set('themes/es/recovery-support/week-01.mdx', '\nEsto no va aquí.\n')
    expect(checkTranslations(lessons, guides, themes, bodies)).toEqual([
      'themes/es/recovery-support/week-01.mdx: arm/week in frontmatter do not match the path (expected themes/es/mrocc/week-01.mdx)',
      'themes/es/recovery-support/week-01.mdx: a weekly theme is frontmatter only (empty body)',
      'themes/es/recovery-support/week-01.mdx: a weekly theme is frontmatter only (empty body)',
    ])
  })
})

describe('where content files live', () => {
  test('English guides and lessons stay where they are; Spanish ones are found under es/', () => {
    expect(classify('practices/urge-surfing.mdx')).toEqual({ kind: 'guide', lang: 'en' })
    expect(classify('practices/es/urge-surfing.mdx')).toEqual({ kind: 'guide', lang: 'es' })
    expect(classify('themes/es/mrocc/week-01.mdx')).toEqual({ kind: 'theme', lang: 'es' })
    expect(classify('mrocc/01-orientation/week-01.mdx')).toEqual({ kind: 'lesson', lang: 'en' })
    expect(() => classify('practices/fr/urge-surfing.mdx')).toThrow(/practices\/<es>/)
    expect(() => classify('themes/es/week-01.mdx')).toThrow(/themes\/<es>/)
  })
})

describe('the Spanish overdose-safety text', () => {
  test('matches the English one point for point, keeps 911 and the prescriber, and passes blinding', () => {
    expect(OVERDOSE_SAFETY_ES.points).toHaveLength(OVERDOSE_SAFETY.points.length)
    expect(OVERDOSE_SAFETY_ES_TEXT).toContain('911')
    expect(OVERDOSE_SAFETY_ES_TEXT).toMatch(/naloxona/)
    expect(OVERDOSE_SAFETY_ES_TEXT).toContain('Hable con su médico que le receta.')
    for (const arm of ['mrocc', 'recovery_support'] as const) {
      expect(forbiddenWordsIn(OVERDOSE_SAFETY_ES_TEXT, arm)).toEqual([])
      expect(spanishForbiddenWordsIn(OVERDOSE_SAFETY_ES_TEXT, arm)).toEqual([])
    }
  })
})
