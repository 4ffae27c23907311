import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { i18nOptions, isLocale } from './i18n/config'

/**
 * The same bundled strings as the server; the language is the one the server rendered in
 * (`<html lang>`, set from the root loader), so hydration matches. No language detector here:
 * the server decides.
 */
async function hydrate() {
  const lang = document.documentElement.lang
  await i18next.use(initReactI18next).init({ ...i18nOptions, lng: isLocale(lang) ? lang : 'en' })
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
