import { PAUSE_CUE } from './check'

/**
 * The steps of a practice guide as the practice player reads them aloud: the numbered list under
 * "## Steps" (English) or "## Pasos" (Spanish), each with the pause its cue asks for and the cue
 * itself taken out of the spoken text. Pure: run once per guide when content is read or built,
 * never on a request.
 */
export type GuideStep = { text: string; pauseSeconds: number | null }

/** "(pausa de unos 30 segundos)", "(pausa de un minuto)", "(pausa de unos 2 minutos)". */
export const PAUSA_CUE = /\(pausa de (?:unos? )?(\d+|un) (segundos?|minutos?)\)/i

const STEPS_HEADING = /^##\s+(steps|pasos)\s*$/i
const HEADING = /^#{1,6}\s/
const ITEM = /^\s{0,3}\d+[.)]\s+(.*)$/

const cues = [
  { re: new RegExp(PAUSE_CUE.source, 'gi'), minute: /^minutes?$/i },
  { re: new RegExp(PAUSA_CUE.source, 'gi'), minute: /^minutos?$/i },
]

/** The seconds a step's pause cues ask for (summed when a step has more than one), or null. */
export function pauseSecondsOf(text: string): number | null {
  let total: number | null = null
  for (const { re, minute } of cues) {
    for (const m of text.matchAll(re)) {
      const n = /^un$/i.test(m[1]) ? 1 : Number(m[1])
      total = (total ?? 0) + (minute.test(m[2]) ? n * 60 : n)
    }
  }
  return total
}

/** Markdown and MDX made speakable: emphasis, links, code and tags dropped, spaces collapsed. */
export function speakable(text: string): string {
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
}

export function guideSteps(markdownBody: string): GuideStep[] {
  const lines = markdownBody.split(/\r?\n/)
  const start = lines.findIndex((l) => STEPS_HEADING.test(l.trim()))
  if (start === -1) return []
  const items: string[] = []
  // whether a line still belongs to the last item: not after an unindented paragraph
  let open = false
  let blank = false
  for (const line of lines.slice(start + 1)) {
    if (HEADING.test(line)) break
    const item = ITEM.exec(line)
    if (item) {
      items.push(item[1])
      open = true
    } else if (line.trim() && open && (/^\s/.test(line) || !blank)) {
      // an indented (or lazy) continuation, or a nested bullet, belongs to the step above it
      const last = items.length - 1
      const bullet = /^\s*[-*+]\s+/.exec(line)
      items[last] = bullet
        ? `${items[last].trimEnd()}${/[:;]$/.test(items[last].trimEnd()) ? '' : ';'} ${line.slice(bullet[0].length).trim()}`
        : `${items[last]} ${line.trim()}`
    } else if (line.trim()) open = false
    blank = !line.trim()
  }
  return items.map((raw) => {
    const pauseSeconds = pauseSecondsOf(raw)
    let text = raw
    for (const { re } of cues) text = text.replace(re, ' ')
    return { text: speakable(text), pauseSeconds }
  })
}
