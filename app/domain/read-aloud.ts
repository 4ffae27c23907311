/** Read-aloud choices as pure functions (the browser's speechSynthesis does the speaking). */

export type GuideLang = 'en' | 'es'

/** The language tag each guide language is spoken in. */
export const SPEECH_LANG: Record<GuideLang, string> = { en: 'en-US', es: 'es-US' }

type VoiceLike = { lang: string; localService: boolean; default?: boolean; name: string }

/**
 * The best voice for a guide language: the exact tag (en-US / es-US), else any voice of the
 * language (es-MX, es-ES…); among equals one on the device (works offline) before a network one.
 * Null when the device has no voice for the language (the browser then uses its default).
 */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], lang: GuideLang): V | null {
  const tag = SPEECH_LANG[lang].toLowerCase()
  const norm = (v: V) => v.lang.replace('_', '-').toLowerCase()
  const score = (v: V) =>
    (norm(v) === tag ? 4 : norm(v).split('-')[0] === lang ? 2 : 0) + (v.localService ? 1 : 0) + (v.default ? 0.5 : 0)
  const best = voices.filter((v) => norm(v).split('-')[0] === lang).sort((a, b) => score(b) - score(a))[0]
  return best ?? null
}
