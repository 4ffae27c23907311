import { createContext, useContext, type ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import type { Locale } from '#db/schema'
import { CrisisNote } from '~/components/crisis-note'
import { overdoseSafety } from '~/content/overdose-safety'
import { i18nFor } from '~/i18n/instances.server'
import { getMDXComponent } from 'mdx-bundler/client/index.js'

/**
 * The one components map every lesson and guide renders with (docs/content-guide.md lists
 * them for writers). Styled for screen and for print. Server-only: content is static, so it is
 * rendered to HTML once per content hash and pages ship that HTML, not MDX code (ADR 004).
 */
const GuideHref = createContext<(slug: string) => string>((slug) => `/curriculum/practices/${slug}`)
/** The language of the content being rendered: a Spanish guide renders its fixed boxes in Spanish. */
const ContentLang = createContext<Locale>('en')

/** Fixed texts of the shared components that are not in the locale files. */
const SOURCES_TEXT: Record<Locale, { heading: string; note: string }> = {
  en: {
    heading: 'Sources and credits',
    note: 'For facilitators and supervisors: the published work this session adapts.',
  },
  es: {
    heading: 'Fuentes y créditos',
    note: 'Para quienes facilitan y supervisan: el trabajo publicado en el que se basa este material.',
  },
}

function Box({ label, tone, children }: { label: string; tone: string; children: ReactNode }) {
  return (
    <aside className={`my-3 rounded-md border-l-4 p-3 ${tone}`} aria-label={label}>
      <p className="text-sm font-semibold uppercase tracking-wide">{label}</p>
      <div className="prose-lesson [&>*:first-child]:mt-1">{children}</div>
    </aside>
  )
}

/**
 * The fixed overdose-safety box (identical in both arms; text in ~/content/overdose-safety), in
 * `lang`, else in the language of the content it is in.
 */
export function OverdoseSafety({ lang }: { lang?: Locale }) {
  const contentLang = useContext(ContentLang)
  const OVERDOSE_SAFETY = overdoseSafety(lang ?? contentLang)
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
  CrisisNote: function ContentCrisisNote() {
    const lang = useContext(ContentLang)
    // English content keeps its fixed English note; other languages use the page strings of that language.
    return lang === 'en' ? (
      <CrisisNote />
    ) : (
      <I18nextProvider i18n={i18nFor(lang)}>
        <CrisisNote />
      </I18nextProvider>
    )
  },
  OverdoseSafety: () => <OverdoseSafety />,
  /** Facilitator-facing credits for the published sources a lesson adapts; placed after the last segment. */
  Sources: function Sources({ children }: { children: ReactNode }) {
    const text = SOURCES_TEXT[useContext(ContentLang)]
    return (
      <aside className="card my-6 border-slate-300 bg-slate-50 text-sm" aria-label={text.heading}>
        <h2 className="text-lg">{text.heading}</h2>
        <p className="mt-1 text-slate-700">{text.note}</p>
        <div className="prose-lesson">{children}</div>
      </aside>
    )
  },
}

function humanize(slug: string) {
  return slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

const rendered = new Map<string, string>()

/**
 * The HTML of a compiled lesson or guide, rendered once per content hash and process.
 * `guideHref` decides where practice links point; `lang` (the content's language, English unless
 * given) decides the language of the fixed boxes (crisis note, overdose safety, sources).
 */
export function contentHtml(
  item: { hash: string; code: string; lang?: Locale },
  guideHref?: (slug: string) => string,
): string {
  const lang = item.lang ?? 'en'
  const key = `${item.hash}:${lang}:${guideHref ? guideHref('') : ''}`
  let html = rendered.get(key)
  if (html === undefined) {
    const Component = getMDXComponent(item.code)
    const body = <Component components={mdxComponents} />
    const linked = guideHref ? <GuideHref.Provider value={guideHref}>{body}</GuideHref.Provider> : body
    html = renderToStaticMarkup(<ContentLang.Provider value={lang}>{linked}</ContentLang.Provider>)
    if (rendered.size > 500) rendered.clear()
    rendered.set(key, html)
  }
  return html
}
