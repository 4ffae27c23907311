import { getMDXComponent } from 'mdx-bundler/client/index.js'
import type { ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { mdxComponents } from './components.server'

export type LessonSegment = { title: string; minutes: number; html: string }

const rendered = new Map<string, LessonSegment[]>()

/**
 * A compiled lesson's agenda segments, each as its own HTML (purpose, script, notes, options,
 * inquiry), for the session screen to show one at a time. Rendered from the bundle's compiled
 * code (never an MDX compile on a request), once per content hash and process.
 */
export function lessonSegments(item: { hash: string; code: string }): LessonSegment[] {
  const hit = rendered.get(item.hash)
  if (hit) return hit
  const found: { title: string; minutes: number; children: ReactNode }[] = []
  const Component = getMDXComponent(item.code)
  const collect = ({ title, minutes, children }: { title: string; minutes: number; children: ReactNode }) => {
    found.push({ title, minutes, children })
    return null
  }
  renderToStaticMarkup(<Component components={{ ...mdxComponents, Segment: collect }} />)
  const segments = found.map((s) => ({
    title: s.title,
    minutes: s.minutes,
    html: renderToStaticMarkup(<>{s.children}</>),
  }))
  if (rendered.size > 200) rendered.clear()
  rendered.set(item.hash, segments)
  return segments
}
