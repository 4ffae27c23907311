import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bundleMDX } from 'mdx-bundler'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { getGuide, getLesson, listGuides, listLessons, resetContentSource } from '~/content/content.server'
import type { ContentBundle } from '~/content/schema'
import { resetEnv } from '~/env.server'
import * as lessonRoute from '~/routes/curriculum.$arm.$week._index'
import * as guideRoute from '~/routes/curriculum.practices.$slug'
import { createUser } from '../support/factories'
import { loaderData, type RouteModule } from './route-helpers'

/**
 * "No MDX compile on a request in production" (ADR 004): outside development the content
 * module serves lessons and guides from the JSON bundle at CONTENT_BUNDLE_PATH. A fake bundle
 * whose code is a marker proves where the code came from; a spy on mdx-bundler proves nothing
 * was compiled.
 */
vi.mock('mdx-bundler', async (importOriginal) => {
  const actual = await importOriginal<typeof import('mdx-bundler')>()
  return { ...actual, bundleMDX: vi.fn(actual.bundleMDX) }
})

// Valid compiled-MDX shape (a module whose default export renders text), so pages can render it.
const LESSON_MARKER = 'return { default: () => "lesson-from-the-bundle-7f3a" };'
const GUIDE_MARKER = 'return { default: () => "guide-from-the-bundle-91c2" };'
const LESSON_TITLE = 'Marker lesson title from the bundle'

const saved = { NODE_ENV: process.env.NODE_ENV, CONTENT_BUNDLE_PATH: process.env.CONTENT_BUNDLE_PATH }
let dir: string
let fakeBundle: string
let guideSlug: string

function useEnv(values: { NODE_ENV: string; CONTENT_BUNDLE_PATH: string }) {
  Object.assign(process.env, values)
  resetEnv()
  resetContentSource()
}

beforeAll(() => {
  const real = JSON.parse(fs.readFileSync(saved.CONTENT_BUNDLE_PATH!, 'utf8')) as ContentBundle
  const lesson = real.lessons.find((l) => l.arm === 'mrocc' && l.week === 3)!
  const guide = real.guides[0]
  guideSlug = guide.slug
  lesson.code = LESSON_MARKER
  lesson.title = LESSON_TITLE
  guide.code = GUIDE_MARKER
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrocc-bundle-'))
  fakeBundle = path.join(dir, 'bundle.json')
  fs.writeFileSync(fakeBundle, JSON.stringify(real))
})

beforeEach(() => {
  vi.mocked(bundleMDX).mockClear()
})

afterEach(() => useEnv(saved as { NODE_ENV: string; CONTENT_BUNDLE_PATH: string }))

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe.each([['production'], ['test']])('NODE_ENV=%s', (nodeEnv) => {
  test('getLesson and getGuide serve the code in the bundle, and compile nothing', async () => {
    useEnv({ NODE_ENV: nodeEnv, CONTENT_BUNDLE_PATH: fakeBundle })
    expect((await getLesson('mrocc', 3))!.code).toBe(LESSON_MARKER)
    expect((await getGuide(guideSlug))!.code).toBe(GUIDE_MARKER)
    // Metadata comes from the bundle too, not from content/ on disk.
    expect(listLessons('mrocc').find((l) => l.week === 3)!.title).toBe(LESSON_TITLE)
    // Every other lesson and guide is served without a compile as well.
    for (const l of listLessons()) await getLesson(l.arm, l.week)
    for (const g of listGuides()) await getGuide(g.slug)
    expect(bundleMDX).not.toHaveBeenCalled()
  })

  test('a request for a lesson page or a guide page gets the bundled code, with no compile', async () => {
    useEnv({ NODE_ENV: nodeEnv, CONTENT_BUNDLE_PATH: fakeBundle })
    const supervisor = await createUser('supervisor')
    const lesson = await loaderData<{ lesson: { html: string; title: string } }>(
      lessonRoute as RouteModule,
      supervisor,
      '/curriculum/mrocc/3',
      { arm: 'mrocc', week: '3' },
    )
    expect(lesson.lesson).toMatchObject({ html: 'lesson-from-the-bundle-7f3a', title: LESSON_TITLE })
    const guide = await loaderData<{ guide: { html: string } }>(
      guideRoute as RouteModule,
      supervisor,
      `/curriculum/practices/${guideSlug}`,
      { slug: guideSlug },
    )
    expect(guide.guide.html).toBe('guide-from-the-bundle-91c2')
    expect(bundleMDX).not.toHaveBeenCalled()
  })

  test('a missing bundle is an error, never a fallback to compiling', async () => {
    useEnv({ NODE_ENV: nodeEnv, CONTENT_BUNDLE_PATH: path.join(dir, 'missing.json') })
    await expect(getLesson('mrocc', 1)).rejects.toThrow(/Content bundle not found/)
    expect(bundleMDX).not.toHaveBeenCalled()
  })
})

test('control: in development the same call compiles from content/ (so the spy does see compiles)', async () => {
  useEnv({ NODE_ENV: 'development', CONTENT_BUNDLE_PATH: fakeBundle })
  const guide = await getGuide(guideSlug)
  expect(guide!.code).not.toBe(GUIDE_MARKER)
  expect(bundleMDX).toHaveBeenCalledTimes(1)
  // …and caches by content hash: a second request does not compile again.
  await getGuide(guideSlug)
  expect(bundleMDX).toHaveBeenCalledTimes(1)
})
