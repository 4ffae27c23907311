import { spanishForbiddenWordsIn } from '~/i18n/blinding-es'
import { forbiddenWordsIn } from './arms'

/**
 * The text as a reader sees it: compatibility forms folded (full-width "ＭＩＮＤＦＵＬ" is
 * "MINDFUL"), invisible characters dropped (a zero-width space or soft hyphen inside a word does
 * not show), and every dash-like character read as a hyphen ("M‑ROCC" with a non-breaking hyphen).
 */
export function asRead(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g, '')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
}

/**
 * Text that staff type and participants then read (a group's name, the programme contact, a
 * participant's display name) is held to the same blinding rule as the curriculum: it must not
 * name or describe either programme or the comparison. Checked against both arms' vocabularies,
 * in English and in Spanish (participants read it in either language), as it reads on screen.
 */
export function blindingWordsIn(text: string): string[] {
  const read = asRead(text)
  return [
    ...new Set([
      ...forbiddenWordsIn(read, 'mrocc'),
      ...forbiddenWordsIn(read, 'recovery_support'),
      ...spanishForbiddenWordsIn(read, 'mrocc'),
      ...spanishForbiddenWordsIn(read, 'recovery_support'),
    ]),
  ]
}

export function participantFacingTextProblems(path: string, text: string, what: string) {
  const words = blindingWordsIn(text)
  return words.length
    ? [
        {
          path,
          message: `Participants see ${what}, so it cannot mention “${words[0]}”. Use a neutral wording.`,
        },
      ]
    : []
}
