import { describe, expect, test } from 'vitest'
import { asRead, blindingWordsIn, participantFacingTextProblems } from '~/domain/blinding'

describe('blindingWordsIn (text staff type that participants read)', () => {
  test('neutral names pass', () => {
    for (const name of ['Cedar Group', 'Grupo Cedro', 'Martes 6 pm', 'Ana López', 'Línea de apoyo 24h'])
      expect(blindingWordsIn(name), name).toEqual([])
  })

  test('Spanish names of either programme or the comparison are caught, with or without accents', () => {
    expect(blindingWordsIn('Grupo Apoyo a la Recuperación')).toContain('apoyo a la recuperación')
    expect(blindingWordsIn('apoyo a la recuperacion')).toContain('apoyo a la recuperación')
    expect(blindingWordsIn('Grupo de Atención Plena')).toContain('atención plena')
    expect(blindingWordsIn('Recuperación Consciente')).toContain('recuperación consciente')
    expect(blindingWordsIn('Grupo de comparación')).toContain('comparación')
  })

  test('look-alike characters do not slip past: full-width, zero-width, soft and non-breaking hyphens', () => {
    expect(blindingWordsIn('ＭＩＮＤＦＵＬ Group')).toContain('mindful')
    expect(blindingWordsIn('Mind\u200bful Group')).toContain('mindful')
    expect(blindingWordsIn('Con\u00ADtrol')).toContain('control')
    expect(blindingWordsIn('M\u2011ROCC')).toContain('m-rocc')
    expect(asRead('A\u2013B')).toBe('A-B')
  })

  test('the problem names the word and the field', () => {
    expect(participantFacingTextProblems('contactName', 'Atención plena line', 'the contact name')).toEqual([
      { path: 'contactName', message: expect.stringMatching(/the contact name.*atención plena/) },
    ])
  })
})
