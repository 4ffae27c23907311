import type { Locale } from '#db/schema'

/**
 * The steps of a practice guide as the practice player reads them aloud: the numbered list under
 * "## Steps" (English) or "## Pasos" (Spanish), each with the pause its cue asks for and the cue
 * itself taken out of the spoken text. Pure: run once per guide when content is read or built,
 * never on a request. The content check holds a translation's steps and pauses to the English
 * ones through the same functions (check.ts).
 */
export type GuideStep = { text: string; pauseSeconds: number | null }

/**
 * The pause cues a guide may use, as the player reads them (lesson scripts are paced by a live
 * leader and are not checked): "(pause about 30 seconds)", "(pause about 1 minute)",
 * "(pause about 2 minutes)"; in Spanish "(pausa de unos 30 segundos)", "(pausa de un minuto)",
 * "(pausa de unos 2 minutos)" (one minute is always "un minuto").
 */
export const PAUSE_CUE = /\(pause about (\d+) (seconds?|minutes?)\)/i
export const PAUSE_CUE_ES = /\(pausa de (?:unos (\d+) (segundos|minutos)|un minuto)\)/i

/** Seconds a well-formed pause cue asks for (English or Spanish), or null when it is not one. */
export function pauseSeconds(cue: string, lang: Locale): number | null {
  if (lang === 'en') {
    const m = cue.match(new RegExp(`^${PAUSE_CUE.source}$`, 'i'))
    if (!m) return null
    return Number(m[1]) * (m[2].toLowerCase().startsWith('minute') ? 60 : 1)
  }
  const m = cue.match(new RegExp(`^${PAUSE_CUE_ES.source}$`, 'i'))
  if (!m) return null
  if (m[1] === undefined) return 60
  const n = Number(m[1])
  if (n === 1) return null // "unos 1 minutos": one minute is "un minuto", one second is too short to say
  return n * (m[2].toLowerCase() === 'minutos' ? 60 : 1)
}

const STEPS_HEADING = /^##\s+(steps|pasos)\s*$/i
const HEADING = /^#{1,6}\s/
const ITEM = /^\s{0,3}\d+[.)]\s+(.*)$/

const cues = [
  { re: new RegExp(PAUSE_CUE.source, 'gi'), lang: 'en' },
  { re: new RegExp(PAUSE_CUE_ES.source, 'gi'), lang: 'es' },
] as const

/** The seconds a step's pause cues ask for (summed when a step has more than one), or null. */
export function pauseSecondsOf(text: string): number | null {
  let total: number | null = null
  for (const { re, lang } of cues) {
    for (const m of text.matchAll(re)) {
      const seconds = pauseSeconds(m[0], lang)
      if (seconds !== null) total = (total ?? 0) + seconds
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
