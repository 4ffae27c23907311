import fs from 'node:fs'
import path from 'node:path'
import type { Arm, Locale } from '#db/schema'
import { env } from '~/env.server'
import { compileSource, listSources, readMeta, type SourceFile } from './compile.server'
import {
  lessonSlug,
  type ContentBundle,
  type Guide,
  type GuideMeta,
  type Lesson,
  type LessonMeta,
  type ThemeMeta,
} from './schema'

/**
 * Where lessons and guides come from (ADR 004).
 * - bundle (production, tests): the JSON written by `npm run content:build`, read once; no MDX
 *   compile ever happens on a request.
 * - source (development): frontmatter read from content/ on each call; bodies compiled on
 *   demand, cached by content hash, one compile at a time.
 */
type Source = {
  lessons(): LessonMeta[]
  /** every language's guides (each carries its `lang`) */
  guides(): GuideMeta[]
  /** translated weekly themes (English themes are in the lessons) */
  themes(): ThemeMeta[]
  lessonCode(meta: LessonMeta): Promise<string>
  guideCode(meta: GuideMeta): Promise<string>
}

function bundleSource(file: string): Source {
  if (!fs.existsSync(file)) {
    throw new Error(`Content bundle not found at ${file}. Run \`npm run build\` (or \`npm run content:build\`) first.`)
  }
  const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as ContentBundle
  const strip = <T extends { code: string }>({ code: _code, ...meta }: T) => meta
  const lessonMetas = bundle.lessons.map(strip)
  const guideMetas = bundle.guides.map(strip)
  const codes = new Map<string, string>([...bundle.lessons, ...bundle.guides].map((c) => [c.hash, c.code]))
  const code = async (meta: { hash: string; file: string }) => {
    const found = codes.get(meta.hash)
    if (found === undefined) throw new Error(`${meta.file} is not in the content bundle`)
    return found
  }
  const themes = bundle.themes ?? []
  return {
    lessons: () => lessonMetas,
    guides: () => guideMetas,
    themes: () => themes,
    lessonCode: code,
    guideCode: code,
  }
}

function devSource(): Source {
  const compiled = new Map<string, string>()
  let queue: Promise<unknown> = Promise.resolve()
  const metas = () => listSources().map((src) => ({ src, read: readMeta(src) }))
  const code = (meta: { hash: string; file: string }) => {
    const hit = compiled.get(meta.hash)
    if (hit !== undefined) return Promise.resolve(hit)
    const job = queue.then(async () => {
      const again = compiled.get(meta.hash)
      if (again !== undefined) return again
      const src: SourceFile = listSources().find((s) => s.file === meta.file)!
      const result = await compileSource(src)
      compiled.set(result.hash, result.code)
      return result.code
    })
    queue = job.catch(() => undefined)
    return job
  }
  return {
    lessons: () => metas().flatMap((m) => (m.read.kind === 'lesson' ? [m.read.meta] : [])),
    guides: () => metas().flatMap((m) => (m.read.kind === 'guide' ? [m.read.meta] : [])),
    themes: () => metas().flatMap((m) => (m.read.kind === 'theme' ? [m.read.meta] : [])),
    lessonCode: code,
    guideCode: code,
  }
}

let source: Source | undefined
function content(): Source {
  if (!source) {
    const settings = env()
    const useBundle = settings.NODE_ENV !== 'development'
    source = useBundle ? bundleSource(path.resolve(settings.CONTENT_BUNDLE_PATH)) : devSource()
  }
  return source
}

/** For tests: forget the loaded source so the next call reads the environment again. */
export function resetContentSource() {
  source = undefined
}

export function listLessons(arm?: Arm): LessonMeta[] {
  const all = content().lessons()
  return (arm ? all.filter((l) => l.arm === arm) : all).slice().sort((a, b) => a.week - b.week)
}

export function findLessonMeta(arm: Arm, week: number): LessonMeta | null {
  return (
    content()
      .lessons()
      .find((l) => l.arm === arm && l.week === week) ?? null
  )
}

export async function getLesson(arm: Arm, week: number): Promise<Lesson | null> {
  const meta = findLessonMeta(arm, week)
  return meta ? { ...meta, code: await content().lessonCode(meta) } : null
}

/**
 * A participant's guides in their language: each guide of the arm in `lang` where a translation
 * exists, else the English one (the content check reports a missing translation; a page never
 * breaks for one). Staff pages ask for English, the default.
 */
export function listGuides(arm?: Arm, lang: Locale = 'en'): GuideMeta[] {
  const all = content().guides()
  const english = all.filter((g) => g.lang === 'en' && (!arm || g.arm === arm))
  const inLang = english.map((g) => (lang === 'en' ? g : (translatedGuide(all, g, lang) ?? g)))
  return inLang.sort((a, b) => a.title.localeCompare(b.title, lang))
}

function translatedGuide(all: GuideMeta[], english: GuideMeta, lang: Locale) {
  return all.find((t) => t.lang === lang && t.slug === english.slug && t.arm === english.arm)
}

/** The guide with this slug in `lang`, else in English; null when there is no English guide. */
export function findGuideMeta(slug: string, lang: Locale = 'en'): GuideMeta | null {
  const all = content().guides()
  const english = all.find((g) => g.slug === slug && g.lang === 'en')
  if (!english) return null
  return lang === 'en' ? english : (translatedGuide(all, english, lang) ?? english)
}

export async function getGuide(slug: string, lang: Locale = 'en'): Promise<Guide | null> {
  const meta = findGuideMeta(slug, lang)
  return meta ? { ...meta, code: await content().guideCode(meta) } : null
}

/** The weekly theme participants see, in `lang` where translated, else the lesson's English one. */
export function lessonTheme(arm: Arm, week: number, lang: Locale = 'en'): { text: string; lang: Locale } | null {
  const lesson = findLessonMeta(arm, week)
  if (!lesson) return null
  if (lang !== 'en') {
    const slug = lessonSlug(arm, week)
    const translated = content()
      .themes()
      .find((t) => t.lang === lang && t.slug === slug)
    if (translated) return { text: translated.theme, lang }
  }
  return { text: lesson.theme, lang: 'en' }
}
