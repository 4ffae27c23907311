import { sniffAudio } from './audio-type'

/**
 * Session recordings for fidelity audits (pure; ADR 014): a link (http or https only) or an
 * uploaded audio/video file, recognised by its first bytes (never by its name or the browser's
 * word for it), kept outside the database and served only to supervisors, with byte ranges so a
 * rater can seek.
 */

/** Largest recording accepted: a 60-minute session as compressed audio or low-resolution video. */
export const MAX_RECORDING_BYTES = 1024 * 1024 * 1024

export const RECORDING_TYPES = ['audio/mpeg', 'audio/mp4', 'video/mp4', 'audio/webm', 'audio/ogg', 'audio/wav'] as const
export type RecordingType = (typeof RECORDING_TYPES)[number]

/** What the uploaded bytes are (audio-type.ts tells them apart); an MP4 the browser calls video stays video. */
export function sniffRecordingType(head: Uint8Array, declared?: string | null): RecordingType | null {
  if (head.length < 12) return null // too short to tell
  const audio = sniffAudio(head)
  return audio === 'audio/mp4' && declared?.startsWith('video/') ? 'video/mp4' : audio
}

/** A recording link must be an absolute http(s) URL without credentials; a message when not. */
export function recordingUrlProblem(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Enter the full link, starting with https://.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The link must start with https:// or http://.'
  if (url.username || url.password) return 'Remove the user name and password from the link.'
  return null
}
