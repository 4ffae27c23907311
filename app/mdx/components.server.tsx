import { createContext, useContext, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { CrisisNote } from '~/components/crisis-note'
import { OVERDOSE_SAFETY } from '~/content/overdose-safety'
import { getMDXComponent } from 'mdx-bundler/client/index.js'

/**
 * The one components map every lesson and guide renders with (docs/content-guide.md lists
 * them for writers). Styled for screen and for print. Server-only: content is static, so it is
 * rendered to HTML once per content hash and pages ship that HTML, not MDX code (ADR 004).
 */
const GuideHref = createContext<(slug: string) => string>((slug) => `/curriculum/practices/${slug}`)

function Box({ label, tone, children }: { label: string; tone: string; children: ReactNode }) {
  return (
    <aside className={`my-3 rounded-md border-l-4 p-3 ${tone}`} aria-label={label}>
      <p className="text-sm font-semibold uppercase tracking-wide">{label}</p>
      <div className="prose-lesson [&>*:first-child]:mt-1">{children}</div>
    </aside>
  )
}

/** The fixed overdose-safety box (identical in both arms; text in ~/content/overdose-safety). */
export function OverdoseSafety() {
  return (
    <aside
      className="my-4 rounded-md border-2 border-orange-700 bg-orange-50 p-3 text-slate-900"
      aria-label={OVERDOSE_SAFETY.heading}
    >
      <p className="font-semibold">{OVERDOSE_SAFETY.heading}</p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {OVERDOSE_SAFETY.points.map((point) => (
          <li key={point}>{withCallLink(point)}</li>
        ))}
      </ul>
    </aside>
  )
}

/** "911" in the text becomes a tap-to-call link, as in the crisis note. */
function withCallLink(text: string): ReactNode {
  const [before, ...after] = text.split('911')
  return after.length ? (
    <>
      {before}
      <a href="tel:911">911</a>
      {after.join('911')}
    </>
  ) : (
    text
  )
}

export const mdxComponents = {
  Segment({ title, minutes, children }: { title: string; minutes: number; children: ReactNode }) {
    return (
      <section className="card my-6 break-inside-avoid-page" aria-label={`${title}, ${minutes} minutes`}>
        <h2 className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 pb-2">
          <span>{title}</span>
          <span className="rounded bg-brand-50 px-2 py-0.5 text-base font-semibold text-brand-800">{minutes} min</span>
        </h2>
        <div className="prose-lesson">{children}</div>
      </section>
    )
  },
  Purpose: ({ children }: { children: ReactNode }) => (
    <Box label="Purpose" tone="border-brand-600 bg-brand-50 text-slate-900">
      {children}
    </Box>
  ),
  Script: ({ children }: { children: ReactNode }) => (
    <Box label="Script and talking points" tone="border-slate-500 bg-white text-slate-900">
      {children}
    </Box>
  ),
  FacilitatorNote: ({ children }: { children: ReactNode }) => (
    <Box label="Facilitator note" tone="border-amber-600 bg-amber-50 text-slate-900">
      {children}
    </Box>
  ),
  TraumaInformed: ({ children }: { children: ReactNode }) => (
    <Box label="Trauma-informed options" tone="border-violet-600 bg-violet-50 text-slate-900">
      {children}
    </Box>
  ),
  Inquiry: ({ children }: { children: ReactNode }) => (
    <Box label="Inquiry questions" tone="border-sky-700 bg-sky-50 text-slate-900">
      {children}
    </Box>
  ),
  HomePractice: ({ children }: { children: ReactNode }) => (
    <section className="card my-6 border-brand-600" aria-label="Home practice">
      <h2 className="mb-2">Home practice</h2>
      <div className="prose-lesson">{children}</div>
    </section>
  ),
  PracticeLink: ({ slug, children }: { slug: string; children?: ReactNode }) => {
    const href = useContext(GuideHref)
    return <a href={href(slug)}>{children ?? humanize(slug)}</a>
  },
  CrisisNote: () => <CrisisNote />,
  OverdoseSafety: () => <OverdoseSafety />,
  /** Facilitator-facing credits for the published sources a lesson adapts; placed after the last segment. */
  Sources: ({ children }: { children: ReactNode }) => (
    <aside className="card my-6 border-slate-300 bg-slate-50 text-sm" aria-label="Sources and credits">
      <h2 className="text-lg">Sources and credits</h2>
      <p className="mt-1 text-slate-700">For facilitators and supervisors: the published work this session adapts.</p>
      <div className="prose-lesson">{children}</div>
    </aside>
  ),
}

function humanize(slug: string) {
  return slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

const rendered = new Map<string, string>()

/**
 * The HTML of a compiled lesson or guide, rendered once per content hash and process.
 * `guideHref` decides where practice links point.
 */
export function contentHtml(item: { hash: string; code: string }, guideHref?: (slug: string) => string): string {
  const key = `${item.hash}:${guideHref ? guideHref('') : ''}`
  let html = rendered.get(key)
  if (html === undefined) {
    const Component = getMDXComponent(item.code)
    const body = <Component components={mdxComponents} />
    html = renderToStaticMarkup(guideHref ? <GuideHref.Provider value={guideHref}>{body}</GuideHref.Provider> : body)
    if (rendered.size > 500) rendered.clear()
    rendered.set(key, html)
  }
  return html
}
