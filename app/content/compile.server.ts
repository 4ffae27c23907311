import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import { bundleMDX } from 'mdx-bundler'
import { guideSteps } from './guide-steps'
import {
  GuideFrontmatter,
  LessonFrontmatter,
  lessonSlug,
  type Guide,
  type GuideMeta,
  type Lesson,
  type LessonMeta,
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

export type SourceFile = { file: string; kind: 'lesson' | 'guide'; source: string }

export function listSources(root = CONTENT_DIR): SourceFile[] {
  return walk(root).map((file) => ({
    file: path.relative(root, file),
    kind: file.includes(`${path.sep}practices${path.sep}`) ? 'guide' : 'lesson',
    source: fs.readFileSync(file, 'utf8'),
  }))
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
export function readMeta(src: SourceFile): { kind: 'lesson'; meta: LessonMeta } | { kind: 'guide'; meta: GuideMeta } {
  const { data, content } = matter(src.source)
  const hash = contentHash(src.source)
  if (src.kind === 'guide') {
    const parsed = GuideFrontmatter.safeParse(data)
    if (!parsed.success) throw new ContentError(src.file, describe(parsed.error))
    const slug = path.basename(src.file, '.mdx')
    return { kind: 'guide', meta: { ...parsed.data, slug, hash, file: src.file, steps: guideSteps(content) } }
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

/** Compiles one MDX file to the code string that getMDXComponent runs. */
export async function compileSource(src: SourceFile): Promise<Lesson | Guide> {
  const read = readMeta(src)
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
