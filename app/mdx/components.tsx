import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { getMDXComponent } from 'mdx-bundler/client/index.js'

/**
 * The one components map every lesson and guide renders with (docs/content-guide.md lists
 * them for writers). Styled for screen and for print.
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
}

export function CrisisNote() {
  return (
    <aside className="my-4 rounded-md border-2 border-red-700 bg-red-50 p-3 text-slate-900" aria-label="Crisis support">
      <p className="font-semibold">If you are in crisis or thinking about suicide</p>
      <p>
        Call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline), any time, day or night. In an
        emergency, call <a href="tel:911">911</a>.
      </p>
    </aside>
  )
}

function humanize(slug: string) {
  return slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

/**
 * Evaluating a compiled bundle is the expensive part of rendering MDX: do it once per distinct
 * bundle per process (the server renders the same ~80 bundles over and over).
 */
const evaluated = new Map<string, ReturnType<typeof getMDXComponent>>()
function componentFor(code: string) {
  let component = evaluated.get(code)
  if (!component) {
    component = getMDXComponent(code)
    if (evaluated.size > 200) evaluated.clear()
    evaluated.set(code, component)
  }
  return component
}

/** Renders compiled MDX code; `guideHref` decides where practice links point. */
export function MdxContent({ code, guideHref }: { code: string; guideHref?: (slug: string) => string }) {
  const Component = useMemo(() => componentFor(code), [code])
  const body = <Component components={mdxComponents} />
  return guideHref ? <GuideHref.Provider value={guideHref}>{body}</GuideHref.Provider> : body
}
