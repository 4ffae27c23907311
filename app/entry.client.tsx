import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { i18nOptions, isLocale } from './i18n/config'

/**
 * i18next with the language (`<html lang>`) and strings (`#i18n-strings`) the server rendered
 * with, both from the root loader, so hydration matches. No language detector here: the server decides. A language switch loads a new document.
 */
async function hydrate() {
  const lang = document.documentElement.lang
  const lng = isLocale(lang) ? lang : 'en'
  const json = document.getElementById('i18n-strings')?.textContent
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
