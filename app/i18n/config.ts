import type { Locale } from '#db/schema'

/**
 * One i18next set-up for the server and the browser. The server imports the strings
 * (`resources.server.ts`, no HTTP backend); the browser gets the page language's strings in the
 * root loader's data, so no JavaScript chunk carries both languages (ADR 011).
 */
// Values only (no import of the schema module: this file is in the browser bundle).
export const supportedLanguages: readonly Locale[] = ['en', 'es']
export const fallbackLanguage: Locale = 'en'
export const defaultNS = 'common'

export const i18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS,
  ns: [defaultNS],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value)
}

/** The enrolment form's preferred language (demographics.LANGUAGES) as a page language. */
export function localeForLanguage(language: string | null | undefined): Locale {
  return language === 'Spanish' ? 'es' : 'en'
}

/**
 * Zod messages and flash messages that participants see are i18n keys (`form.chooseNumber`);
 * staff messages are English sentences. A key has no spaces, so anything else shows as written.
 */
export function isMessageKey(message: string): boolean {
  return /^[a-z][A-Za-z]*(\.[A-Za-z0-9]+)+$/.test(message)
}
