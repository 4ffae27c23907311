import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import matter from 'gray-matter'
import { beforeAll, describe, expect, test } from 'vitest'
import type { users } from '#db/schema'
import {
  findGuideMeta,
  findLessonMeta,
  getGuide,
  lessonTheme,
  listGuides,
  resetContentSource,
} from '~/content/content.server'
import type { ContentBundle } from '~/content/schema'
import { OVERDOSE_SAFETY, OVERDOSE_SAFETY_ES } from '~/content/overdose-safety'
import { setLocale } from '~/domain/account.server'
import { resetEnv } from '~/env.server'
import * as curriculumGuide from '~/routes/curriculum.practices.$slug'
import * as home from '~/routes/me._index'
import * as guidePage from '~/routes/me.practice.$slug'
import * as practice from '~/routes/me.practice._index'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { groupOf, load, loaderData, placeIn, type RouteModule } from './route-helpers'

/**
 * Issue 12: a participant whose language is Spanish sees the Spanish guide, the Spanish titles
 * and summaries in their lists, and the Spanish weekly theme; an English speaker of the same
 * group sees none of it; staff pages stay English. Expected texts come from the files themselves.
 */
type User = typeof users.$inferSelect
type Home = {
  week: number
  theme: { text: string; lang: string } | null
  guides: { slug: string; title: string; summary: string }[]
}
type GuidePage = { guide: { slug: string; title: string; summary: string; lang: string; html: string } }
type PracticePage = { thisWeek: { slug: string; title: string }[]; options: { slug: string; title: string }[] }

const frontmatter = (file: string) => matter(fs.readFileSync(path.join('content', file), 'utf8')).data
const spanishGuide = (slug: string) => frontmatter(`practices/es/${slug}.mdx`) as { title: string; summary: string }
const spanishTheme = (week: number) =>
  (frontmatter(`themes/es/mrocc/week-${String(week).padStart(2, '0')}.mdx`) as { theme: string }).theme

let supervisor: User
let ana: User // M-ROCC, Spanish
let sam: User // M-ROCC, English, same group

beforeAll(async () => {
  const coordinator = await createUser('coordinator')
  supervisor = await createUser('supervisor')
  const cohort = createTestCohort({ actorId: coordinator.id })
  const make = async () => {
    const { id } = enrolTestParticipant(cohort, coordinator.id, false)
    placeIn(id, groupOf(cohort, 'mrocc').id)
    return participantUser(id)
  }
  ana = await make()
  sam = await make()
  setLocale(ana.id, 'es')
  setLocale(sam.id, 'en')
})

const GUIDE = 'stop-pause' // shows <OverdoseSafety /> and <CrisisNote />

describe('home', () => {
  test('a Spanish speaker sees the Spanish weekly theme and the Spanish titles and summaries', async () => {
    const d = await loaderData<Home>(home as RouteModule, ana, '/me')
    const english = findLessonMeta('mrocc', d.week)!
    expect(d.theme).toEqual({ text: spanishTheme(d.week), lang: 'es' })
    expect(d.theme!.text).not.toBe(english.theme)
    expect(d.guides.length).toBeGreaterThan(0)
    for (const g of d.guides) {
      expect(g.title).toBe(spanishGuide(g.slug).title)
      expect(g.summary).toBe(spanishGuide(g.slug).summary)
    }
  })

  test('an English speaker in the same group sees the English theme and titles', async () => {
    const d = await loaderData<Home>(home as RouteModule, sam, '/me')
    expect(d.theme).toEqual({ text: findLessonMeta('mrocc', d.week)!.theme, lang: 'en' })
    const english = new Map(listGuides('mrocc').map((g) => [g.slug, g]))
    for (const g of d.guides) {
      expect(g.title).toBe(english.get(g.slug)!.title)
      expect(g.title).not.toBe(spanishGuide(g.slug).title)
    }
  })
})

describe('a guide page', () => {
  test('in Spanish: Spanish title, steps, pause cues, overdose safety and crisis note (988, press 2)', async () => {
    const { guide } = await loaderData<GuidePage>(guidePage as RouteModule, ana, `/me/practice/${GUIDE}`, {
      slug: GUIDE,
    })
    expect(guide.title).toBe(spanishGuide(GUIDE).title)
    expect(guide.lang).toBe('es')
    expect(guide.html).toContain('<h2>Pasos</h2>')
    expect(guide.html).toContain('(pausa de unos 15 segundos)')
    expect(guide.html).toContain(`aria-label="${OVERDOSE_SAFETY_ES.heading}"`)
    expect(guide.html).toContain('Hable con su médico que le receta.')
    expect(guide.html).toContain('marque 2 para español')
    for (const english of ['<h2>Steps</h2>', '(pause about', OVERDOSE_SAFETY.heading, 'Crisis support'])
      expect(guide.html).not.toContain(english)
  })

  test('in English for an English speaker: no Spanish at all', async () => {
    const { guide } = await loaderData<GuidePage>(guidePage as RouteModule, sam, `/me/practice/${GUIDE}`, {
      slug: GUIDE,
    })
    expect(guide.title).toBe('The STOP pause')
    expect(guide.lang).toBe('en')
    expect(guide.html).toContain('<h2>Steps</h2>')
    expect(guide.html).toContain(`aria-label="${OVERDOSE_SAFETY.heading}"`)
    expect(guide.html).toContain('Crisis support')
    for (const spanish of ['Pasos', '(pausa', OVERDOSE_SAFETY_ES.heading, 'Ayuda en una crisis'])
      expect(guide.html).not.toContain(spanish)
  })

  test('the language does not open the other group’s guides', async () => {
    const foreign = listGuides('recovery_support')[0].slug
    const o = await load(guidePage as RouteModule, ana, `/me/practice/${foreign}`, { slug: foreign })
    expect(o.status).toBe(404)
  })

  test('staff see the English guide on the curriculum page', async () => {
    const d = await loaderData<{ guide: { title: string; html: string } }>(
      curriculumGuide as RouteModule,
      supervisor,
      `/curriculum/practices/${GUIDE}`,
      { slug: GUIDE },
    )
    expect(d.guide.title).toBe('The STOP pause')
    expect(d.guide.html).not.toContain('Pasos')
  })
})

describe('the practice page', () => {
  test('lists and offers the guides by their Spanish titles to a Spanish speaker, English to others', async () => {
    const es = await loaderData<PracticePage>(practice as RouteModule, ana, '/me/practice')
    const en = await loaderData<PracticePage>(practice as RouteModule, sam, '/me/practice')
    expect(es.options.map((o) => o.slug).sort()).toEqual(en.options.map((o) => o.slug).sort())
    for (const o of es.options) expect(o.title).toBe(spanishGuide(o.slug).title)
    for (const g of es.thisWeek) expect(g.title).toBe(spanishGuide(g.slug).title)
    for (const o of en.options) expect(o.title).not.toBe(spanishGuide(o.slug).title)
  })
})

describe('a translation not written yet', () => {
  test('falls back to the English guide and theme (marked English), never to nothing', async () => {
    const saved = process.env.CONTENT_BUNDLE_PATH!
    const real = JSON.parse(fs.readFileSync(saved, 'utf8')) as ContentBundle
    const without: ContentBundle = {
      ...real,
      guides: real.guides.filter((g) => !(g.lang === 'es' && g.slug === 'savoring')),
      themes: real.themes.filter((t) => !(t.arm === 'mrocc' && t.week === 3)),
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-es-'))
    const file = path.join(dir, 'bundle.json')
    fs.writeFileSync(file, JSON.stringify(without))
    const use = (bundle: string) => {
      process.env.CONTENT_BUNDLE_PATH = bundle
      resetEnv()
      resetContentSource()
    }
    try {
      use(file)
      expect(findGuideMeta('savoring', 'es')).toMatchObject({ lang: 'en', title: 'Savoring' })
      expect((await getGuide('savoring', 'es'))!.lang).toBe('en')
      expect(listGuides('mrocc', 'es').find((g) => g.slug === 'savoring')).toMatchObject({ lang: 'en' })
      expect(listGuides('mrocc', 'es').find((g) => g.slug === GUIDE)).toMatchObject({ lang: 'es' })
      expect(lessonTheme('mrocc', 3, 'es')).toEqual({ text: findLessonMeta('mrocc', 3)!.theme, lang: 'en' })
      expect(lessonTheme('mrocc', 4, 'es')).toEqual({ text: spanishTheme(4), lang: 'es' })
    } finally {
      use(saved)
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
