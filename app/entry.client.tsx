import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { i18nOptions, isLocale } from './i18n/config'
import { STRINGS_ELEMENT_ID } from './i18n/page-language'

/**
 * i18next with the language (`<html lang>`) and strings (`#i18n-strings`) the server rendered
 * with, both from the root loader, so hydration matches. No language detector here: the server
 * decides; a language a later navigation brings is added by `usePageLanguage`.
 */
async function hydrate() {
  const lang = document.documentElement.lang
  const lng = isLocale(lang) ? lang : 'en'
  const json = document.getElementById(STRINGS_ELEMENT_ID)?.textContent
  await i18next.use(initReactI18next).init({
    ...i18nOptions,
    lng,
    resources: json ? { [lng]: { common: JSON.parse(json) } } : {},
  })
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
