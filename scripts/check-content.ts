/** `npm run content:check`: the content contract (docs/content-guide.md); exits 1 on any problem. */
import { ContentError, listSources, readMeta } from '../app/content/compile.server'
import { checkContent } from '../app/content/check'
import type { GuideMeta, LessonMeta } from '../app/content/schema'

const lessons: LessonMeta[] = []
const guides: GuideMeta[] = []
const problems: string[] = []
const sources = listSources()
const bodies = new Map(sources.map((s) => [s.file, s.source.replace(/^---[\s\S]*?\n---\n/, '')]))

for (const src of sources) {
  try {
    const read = readMeta(src)
    if (read.kind === 'lesson') lessons.push(read.meta)
    else guides.push(read.meta)
  } catch (error) {
    problems.push(error instanceof ContentError ? error.message : String(error))
  }
}
problems.push(...checkContent(lessons, guides, bodies))

if (problems.length) {
  console.error(`content:check found ${problems.length} problem(s):`)
  for (const p of problems) console.error(`  - ${p}`)
  process.exit(1)
}
console.log(`content:check ok: ${lessons.length} lessons, ${guides.length} practice guides`)
