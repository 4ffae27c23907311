import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import type { Locale } from '#db/schema'
import { useShippedOnceHtml } from '~/utils/shipped-once'
import { defaultNS } from './config'

/** The script element holding the page language's strings (read by entry.client before hydrating). */
export const STRINGS_ELEMENT_ID = 'i18n-strings'

/**
 * The page language in the browser (ADR 011). A document carries its language's strings once, in
 * `#i18n-strings` (`strings` is null in the root data then); a client navigation's root data
 * carries them as JSON text, and a language i18next does not hold yet (after signing in, say) is
 * added before the switch. Returns the JSON text for the script element.
 */
export function usePageLanguage(locale: Locale, strings: string | null): string {
  const { i18n } = useTranslation()
  const json = useShippedOnceHtml(STRINGS_ELEMENT_ID, strings)
  if (strings && !i18n.hasResourceBundle(locale, defaultNS))
    i18n.addResourceBundle(locale, defaultNS, JSON.parse(strings))
  useChangeLanguage(locale)
  return json
}
