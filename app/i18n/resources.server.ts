import type { Locale } from '#db/schema'
import enCommon from '~/locales/en/common.json'
import esCommon from '~/locales/es/common.json'

/** Every string of every language, for the server; a page sends the browser only its own. */
export const resources = {
  en: { common: enCommon },
  es: { common: esCommon },
} as const

export type Strings = (typeof resources)[Locale]['common']
