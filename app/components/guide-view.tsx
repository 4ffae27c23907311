import { useTranslation } from 'react-i18next'
import type { Guide } from '~/content/schema'

export type GuideData = Pick<Guide, 'slug' | 'title' | 'minutes' | 'summary'> & { html: string; lang?: Guide['lang'] }

/** A practice guide as a participant reads it: big type, short steps, works without JavaScript. */
export function GuideView({ guide }: { guide: GuideData }) {
  const { t, i18n } = useTranslation()
  // Marked when the guide is not in the page language (a translation not written yet).
  const lang = guide.lang && guide.lang !== i18n.language ? guide.lang : undefined
  return (
    <article className="mx-auto max-w-2xl text-lg leading-relaxed" lang={lang}>
      <h1>{guide.title}</h1>
      <p className="mt-1 text-base text-slate-700">{t('guide.about', { count: guide.minutes })}</p>
      <p className="mt-3 font-medium">{guide.summary}</p>
      <div className="prose-lesson mt-4" dangerouslySetInnerHTML={{ __html: guide.html }} />
    </article>
  )
}
