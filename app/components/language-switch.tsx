import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { supportedLanguages } from '~/i18n/config'

/**
 * Switch the page language: one button per other language, each labelled in its own language
 * (`lang` set), posting to /language with the page to come back to. Works without JavaScript;
 * with it, still a full page load, which brings the new language's strings.
 */
export function LanguageSwitch({ path }: { path: string }) {
  const { t, i18n } = useTranslation()
  const others = supportedLanguages.filter((l) => l !== i18n.language)
  return (
    <Form
      method="post"
      action="/language"
      reloadDocument
      className="flex items-center gap-2"
      aria-label={t('language.label')}
    >
      <input type="hidden" name="redirectTo" value={path} />
      {others.map((lng) => (
        <button
          key={lng}
          type="submit"
          name="lng"
          value={lng}
          lang={lng}
          className="btn-secondary min-h-[44px] py-1 text-sm"
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </Form>
  )
}
