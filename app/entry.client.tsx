import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { i18nOptions, isLocale } from './i18n/config'

type RootData = { locale?: unknown; strings?: Record<string, unknown> } | undefined

/**
 * i18next with the language and strings the root loader gave the server render, so hydration
 * matches. No language detector here: the server decides. A language switch loads a new document.
 */
async function hydrate() {
  const root = (window as unknown as { __remixContext?: { state?: { loaderData?: { root?: RootData } } } })
    .__remixContext?.state?.loaderData?.root
  const lng = isLocale(root?.locale) ? root.locale : 'en'
  await i18next.use(initReactI18next).init({
    ...i18nOptions,
    lng,
    resources: root?.strings ? { [lng]: { common: root.strings } } : {},
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
