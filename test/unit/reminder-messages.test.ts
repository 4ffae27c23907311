import { createInstance } from 'i18next'
import { describe, expect, test } from 'vitest'
import { blindingWordsIn } from '~/domain/blinding'
import { renderReminder, TEMPLATE_IDS, templateFor, type Translate } from '~/domain/reminder-messages'
import { i18nOptions } from '~/i18n/config'
import { spanishForbiddenWordsIn } from '~/i18n/blinding-es'
import { resources } from '~/i18n/resources.server'

function fixedT(lng: 'en' | 'es'): Translate {
  const i18n = createInstance()
  void i18n.init({ ...i18nOptions, resources, lng, initImmediate: false })
  const t = i18n.getFixedT(lng)
  return (key, vars) => t(key, vars ?? {}) as string
}

const vars = {
  when: 'Tue, Nov 24, 6:00 PM EST',
  closes: 'Thursday, November 26',
  link: 'https://groups.example.org/me/check-in',
  unsubscribe: 'https://groups.example.org/unsubscribe/7.survey_open.x',
  preferences: 'https://groups.example.org/account/reminders',
}

describe('reminder wording', () => {
  test.each(TEMPLATE_IDS.flatMap((id) => [[id, 'en'] as const, [id, 'es'] as const]))(
    '%s (%s) is blinding-safe and names no treatment',
    (id, lng) => {
      const { subject, text } = renderReminder(fixedT(lng), id, vars)
      const all = `${subject}\n${text}`
      expect(blindingWordsIn(all)).toEqual([])
      if (lng === 'es') {
        expect(spanishForbiddenWordsIn(all, 'mrocc')).toEqual([])
        expect(spanishForbiddenWordsIn(all, 'recovery_support')).toEqual([])
      }
      // An email may be read by someone else: no word about opioids, treatment or medication.
      expect(all).not.toMatch(/opioid|opiáce|buprenorph|suboxone|treatment|tratamiento|medica/i)
      // Every placeholder was filled; the unsubscribe and preferences links are in the footer.
      expect(all).not.toMatch(/{{|}}|reminders\.email/)
      expect(text).toContain(vars.unsubscribe)
      expect(text).toContain(vars.preferences)
    },
  )

  test('the check-in-only track never reads about a group meeting', () => {
    expect(templateFor('meeting_tomorrow', 'checkin_only')).toBe('meeting_tomorrow_checkin')
    expect(templateFor('meeting_tomorrow', 'group')).toBe('meeting_tomorrow')
    expect(templateFor('survey_open', 'checkin_only')).toBe('survey_open')
    for (const lng of ['en', 'es'] as const) {
      const { subject, text } = renderReminder(fixedT(lng), 'meeting_tomorrow_checkin', vars)
      expect(`${subject} ${text.split('--')[0]}`.replace(/https?:\S+/g, '')).not.toMatch(/group|grupo/i)
    }
  })

  test('Spanish reminders are in Spanish', () => {
    expect(renderReminder(fixedT('es'), 'survey_open', vars).subject).toBe(
      'Sus preguntas semanales ya están disponibles',
    )
    expect(renderReminder(fixedT('en'), 'survey_open', vars).subject).toBe('Your weekly check-in questions are ready')
  })
})
