/** `npm run content:build`: compiles every lesson and guide once into the bundle the server reads. */
import fs from 'node:fs'
import path from 'node:path'
import { compileSource, listSources, readMeta } from '../app/content/compile.server'
import type { ContentBundle, Guide, Lesson, ThemeMeta } from '../app/content/schema'

export async function buildContent(out: string) {
  const started = Date.now()
  const sources = listSources()
  const lessons: Lesson[] = []
  const guides: Guide[] = []
  const themes: ThemeMeta[] = []
  let done = 0
  for (const src of sources) {
    const read = src.kind === 'theme' ? readMeta(src) : null
    if (read?.kind === 'theme') themes.push(read.meta)
    else {
      const compiled = await compileSource(src)
      if (src.kind === 'guide') guides.push(compiled as Guide)
      else lessons.push(compiled as Lesson)
    }
    done++
    if (process.stdout.isTTY) process.stdout.write(`\rcompiling content ${done}/${sources.length}`)
  }
  const bundle: ContentBundle = { builtAt: new Date().toISOString(), lessons, guides, themes }
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, JSON.stringify(bundle))
  return { lessons: lessons.length, guides: guides.length, themes: themes.length, ms: Date.now() - started }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(process.env.CONTENT_BUNDLE_PATH ?? 'build/content/bundle.json')
  buildContent(out).then(
    (r) =>
      console.log(
        `\ncontent bundle: ${r.lessons} lessons, ${r.guides} guides, ${r.themes} translated themes in ${r.ms} ms → ${path.relative(process.cwd(), out)}`,
      ),
    (error) => {
      console.error(`\n${error.message}`)
      process.exit(1)
    },
  )
}
