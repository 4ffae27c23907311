import type { Locale } from '#db/schema'
import type { PlayerData } from '~/components/practice-player'
import type { GuideMeta } from '~/content/schema'
import { findRecording, recordingUrl } from './recordings.server'

/** The language a guide is written in (Spanish guides carry `lang: 'es'`; English is the default). */
export function guideLang(guide: GuideMeta): Locale {
  return 'lang' in guide && guide.lang === 'es' ? 'es' : 'en'
}

/**
 * What the practice player on a guide page needs: the steps with their pauses (read at content
 * build time), and the recording staff uploaded for this guide in its language, if any.
 */
export function playerDataFor(guide: GuideMeta): PlayerData {
  const lang = guideLang(guide)
  const recording = findRecording(guide.slug, lang)
  return {
    slug: guide.slug,
    minutes: guide.minutes,
    lang,
    steps: guide.steps,
    recording: recording ? { url: recordingUrl(guide.slug, lang), type: recording.mime } : null,
  }
}
