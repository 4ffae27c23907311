import { describe, expect, test } from 'vitest'
import { isLocale, isMessageKey, localeForLanguage } from '~/i18n/config'
import en from '~/locales/en/common.json'
import es from '~/locales/es/common.json'

const keys = (tree: unknown, path = ''): string[] =>
  typeof tree === 'string'
    ? [path]
    : Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => keys(v, path ? `${path}.${k}` : k))

describe('participant languages', () => {
  test('the enrolment language picks the page language', () => {
    expect(localeForLanguage('Spanish')).toBe('es')
    expect(localeForLanguage('English')).toBe('en')
    expect(localeForLanguage('Another language')).toBe('en')
    expect(localeForLanguage(null)).toBe('en')
  })

  test('only supported languages are accepted', () => {
    expect(isLocale('es')).toBe(true)
    expect(isLocale('en')).toBe(true)
    expect(isLocale('fr')).toBe(false)
    expect(isLocale(undefined)).toBe(false)
  })

  test('a message key is told apart from an English sentence', () => {
    expect(isMessageKey('form.chooseNumber')).toBe(true)
    expect(isMessageKey('toast.practiceLogged')).toBe(true)
    expect(isMessageKey('Choose a number.')).toBe(false)
    expect(isMessageKey('Enter a date like 2026-11-23.')).toBe(false)
    expect(isMessageKey('Password')).toBe(false)
  })

  test('English and Spanish have the same keys, and no Spanish string is empty', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort())
    const spanish = Object.fromEntries(
      keys(es).map((k) => [k, k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], es)]),
    )
    for (const [k, v] of Object.entries(spanish)) expect(v, k).not.toBe('')
  })
})
