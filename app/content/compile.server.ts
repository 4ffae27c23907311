import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import { bundleMDX } from 'mdx-bundler'
import type { Locale } from '#db/schema'
import { guideSteps } from './guide-steps'
import {
  GuideFrontmatter,
  LessonFrontmatter,
  lessonSlug,
  ThemeFrontmatter,
  TRANSLATED_LANGS,
  type Guide,
  type GuideMeta,
  type Lesson,
  type LessonMeta,
  type ThemeMeta,
} from './schema'

export const CONTENT_DIR = path.resolve(process.env.CONTENT_DIR ?? 'content')

export const contentHash = (source: string) => createHash('sha256').update(source).digest('hex').slice(0, 16)

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.mdx') ? [path.join(dir, e.name)] : [],
    )
    .sort()
}

/**
 * One content file. `file` is relative to the content root with `/` separators. English lessons
 * and guides stay where they always were; a translated guide is `practices/<lang>/<slug>.mdx` and
 * a translated weekly theme `themes/<lang>/<arm>/week-NN.mdx` (docs/content-guide.md).
 */
export type SourceFile = { file: string; kind: 'lesson' | 'guide' | 'theme'; lang: Locale; source: string }

/** Kind and language of a content file, from its path relative to the content root. */
export function classify(file: string): Pick<SourceFile, 'kind' | 'lang'> {
  const parts = file.split(/[\\/]/)
  const translated = (dir: string | undefined) => TRANSLATED_LANGS.find((l) => l === dir)
  if (parts[0] === 'practices') {
    if (parts.length === 2) return { kind: 'guide', lang: 'en' }
    const lang = translated(parts[1])
    if (parts.length === 3 && lang) return { kind: 'guide', lang }
    throw new ContentError(file, `practice guides go in practices/ or practices/<${TRANSLATED_LANGS.join('|')}>/`)
  }
  if (parts[0] === 'themes') {
    const lang = translated(parts[1])
    if (parts.length === 4 && lang) return { kind: 'theme', lang }
    throw new ContentError(file, `weekly themes go in themes/<${TRANSLATED_LANGS.join('|')}>/<arm>/week-NN.mdx`)
  }
  return { kind: 'lesson', lang: 'en' }
}

export function listSources(root = CONTENT_DIR): SourceFile[] {
  return walk(root).map((abs) => {
    const file = path.relative(root, abs).split(path.sep).join('/')
    return { file, ...classify(file), source: fs.readFileSync(abs, 'utf8') }
  })
}

export class ContentError extends Error {
  constructor(
    public file: string,
    message: string,
  ) {
    super(`${file}: ${message}`)
  }
}

/** Reads and validates one file's frontmatter against the content contract (no compile). */
export function readMeta(
  src: SourceFile,
): { kind: 'lesson'; meta: LessonMeta } | { kind: 'guide'; meta: GuideMeta } | { kind: 'theme'; meta: ThemeMeta } {
  const { data, content } = matter(src.source)
  const hash = contentHash(src.source)
  const { file, lang } = src
  if (src.kind === 'guide') {
    const parsed = GuideFrontmatter.safeParse(data)
    if (!parsed.success) throw new ContentError(src.file, describe(parsed.error))
    return {
      kind: 'guide',
      meta: { ...parsed.data, slug: path.basename(file, '.mdx'), hash, file, lang, steps: guideSteps(content) },
    }
  }
  if (src.kind === 'theme') {
    const parsed = ThemeFrontmatter.safeParse(data)
    if (!parsed.success) throw new ContentError(src.file, describe(parsed.error))
    const slug = lessonSlug(parsed.data.arm, parsed.data.week)
    return { kind: 'theme', meta: { ...parsed.data, slug, hash, file, lang } }
  }
  const parsed = LessonFrontmatter.safeParse(data)
  if (!parsed.success) throw new ContentError(src.file, describe(parsed.error))
  return {
    kind: 'lesson',
    meta: { ...parsed.data, slug: lessonSlug(parsed.data.arm, parsed.data.week), hash, file: src.file },
  }
}

function describe(error: import('zod').ZodError) {
  return error.issues.map((i) => `${i.path.join('.') || 'frontmatter'}: ${i.message}`).join('; ')
}

/** Compiles one lesson or guide to the code string that getMDXComponent runs (themes have no body). */
export async function compileSource(src: SourceFile): Promise<Lesson | Guide> {
  const read = readMeta(src)
  if (read.kind === 'theme') throw new ContentError(src.file, 'a weekly theme has no body to compile')
  try {
    // Only the body is compiled: mdx-bundler would otherwise embed the frontmatter (arm, phase…)
    // in the code sent to the browser, where a participant could read which arm they are in.
    const { code } = await bundleMDX({
      source: matter(src.source).content,
      cwd: path.dirname(path.join(CONTENT_DIR, src.file)),
    })
    return { ...read.meta, code }
  } catch (error) {
    throw new ContentError(src.file, `MDX does not compile: ${(error as Error).message}`)
  }
}
