import { createInstance, type i18n as I18n } from 'i18next'
import type { Locale } from '#db/schema'
import { i18nOptions } from './config'
import { resources } from './resources.server'

const instances = new Map<Locale, I18n>()

/**
 * The server's i18next instance for a language, made once and ready at once (every string is
 * bundled): pages, content, emails and calendar feeds in one language share it. Nothing on the
 * server changes an instance's language or strings. Making one per page cost a quarter of a
 * millisecond of every page (issue 16).
 */
export function i18nFor(locale: Locale): I18n {
  let instance = instances.get(locale)
  if (!instance) {
    instance = createInstance()
    void instance.init({ ...i18nOptions, resources, lng: locale, initImmediate: false })
    instances.set(locale, instance)
  }
  return instance
}
