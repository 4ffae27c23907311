import { createCookie } from '@remix-run/node'
import type { TFunction } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'
import type { Locale } from '#db/schema'
import { isStaff } from '~/auth/permissions'
import { getSessionUser } from '~/auth/session.server'
import { fallbackLanguage, i18nOptions, isLocale, supportedLanguages } from './config'
import { i18nFor } from './instances.server'
import { resources } from './resources.server'

/** The language chosen on the switch, for people not signed in (a year; not identifying). */
export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/**
 * A participant's page language: their saved choice, then the `lng` cookie, then the browser's
 * Accept-Language, else English.
 */
export const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: localeCookie,
    order: ['custom', 'cookie', 'header'],
    async findLocale(request) {
      const user = await getSessionUser(request)
      return user && user.role === 'participant' ? user.locale : null
    },
  },
  i18next: { ...i18nOptions, resources },
})

/** The language a page is rendered in: staff pages are English; everyone else as above. */
export async function pageLocale(request: Request, user: { role: string } | null): Promise<Locale> {
  if (user && isStaff(user.role as never)) return 'en'
  const locale = await remixI18n.getLocale(request)
  return isLocale(locale) ? locale : fallbackLanguage
}

const embedded = new Map<Locale, string>()
/**
 * A language's strings as JSON text for the page's `#i18n-strings` script element (ADR 011),
 * made once per language and process.
 */
export function pageStrings(locale: Locale): string {
  let json = embedded.get(locale)
  if (json === undefined) {
    json = JSON.stringify(resources[locale].common).replace(/</g, '\\u003c')
    embedded.set(locale, json)
  }
  return json
}

/** A participant page's <title>: the page name and the app name, in their language. */
export function pageTitle(locale: Locale, key: string): string {
  const t = i18nT(locale)
  return `${t(key)} · ${t('app.name')}`
}

export function appName(locale: Locale): string {
  return i18nT(locale)('app.name')
}

const fixed = new Map<Locale, TFunction>()
/** Strings in a given language outside a page (calendar feeds, emails). */
export function i18nT(locale: Locale): TFunction {
  let t = fixed.get(locale)
  if (!t) {
    t = i18nFor(locale).getFixedT(locale)
    fixed.set(locale, t)
  }
  return t
}
