/** `npm run content:check`: the content contract (docs/content-guide.md); exits 1 on any problem. */
import { ContentError, listSources, readMeta } from '../app/content/compile.server'
import { checkContent, checkTranslations } from '../app/content/check'
import type { GuideMeta, LessonMeta, ThemeMeta } from '../app/content/schema'

const lessons: LessonMeta[] = []
const guides: GuideMeta[] = []
const themes: ThemeMeta[] = []
const problems: string[] = []
const sources = listSources()
const bodies = new Map(sources.map((s) => [s.file, s.source.replace(/^---[\s\S]*?\n---[ \t]*(\r?\n|$)/, '')]))

for (const src of sources) {
  try {
    const read = readMeta(src)
    if (read.kind === 'lesson') lessons.push(read.meta)
    else if (read.kind === 'guide') guides.push(read.meta)
    else themes.push(read.meta)
  } catch (error) {
    problems.push(error instanceof ContentError ? error.message : String(error))
  }
}
problems.push(...checkContent(lessons, guides, bodies))
problems.push(...checkTranslations(lessons, guides, themes, bodies))

if (problems.length) {
  console.error(`content:check found ${problems.length} problem(s):`)
  for (const p of problems) console.error(`  - ${p}`)
  process.exit(1)
}
const english = guides.filter((g) => g.lang === 'en').length
console.log(
  `content:check ok: ${lessons.length} lessons, ${english} practice guides; ` +
    `in Spanish ${guides.length - english} guides and ${themes.length} weekly themes`,
)
