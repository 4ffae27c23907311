import { useContext } from 'react'
import { I18nContext, Trans, useTranslation } from 'react-i18next'

const BOX = 'my-4 rounded-md border-2 border-red-700 bg-red-50 p-3 text-slate-900'

/**
 * The crisis box every guide, lesson and the support page shows, in the page language. Inside
 * compiled content (rendered once and cached, outside any page) it is the English one.
 */
export function CrisisNote() {
  return useContext(I18nContext)?.i18n ? <TranslatedCrisisNote /> : <EnglishCrisisNote />
}

function TranslatedCrisisNote() {
  const { t } = useTranslation()
  return (
    <aside className={BOX} aria-label={t('crisis.label')}>
      <p className="font-semibold">{t('crisis.title')}</p>
      <p>
        <Trans t={t} i18nKey="crisis.call" components={[<a key="988" href="tel:988" />]} />{' '}
        <Trans t={t} i18nKey="crisis.emergency" components={[<a key="911" href="tel:911" />]} />
      </p>
    </aside>
  )
}

function EnglishCrisisNote() {
  return (
    <aside className={BOX} aria-label="Crisis support">
      <p className="font-semibold">If you are in crisis or thinking about suicide</p>
      <p>
        Call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline), any time, day or night. In an emergency,
        call <a href="tel:911">911</a>.
      </p>
    </aside>
  )
}
