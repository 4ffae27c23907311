import { forbiddenWordsIn } from './arms'

/**
 * Text that staff type and participants then read (a group's name, the programme contact, a
 * participant's display name) is held to the same blinding rule as the curriculum: it must not
 * name or describe either programme or the comparison. Checked against both arms' vocabularies.
 */
export function blindingWordsIn(text: string): string[] {
  return [...new Set([...forbiddenWordsIn(text, 'mrocc'), ...forbiddenWordsIn(text, 'recovery_support')])]
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
