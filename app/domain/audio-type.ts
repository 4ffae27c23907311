/**
 * Which audio files staff may upload as a guide recording, told by the file's first bytes (its
 * magic number), not by the type the browser declared. Pure.
 */
export const AUDIO_TYPES = {
  'audio/mpeg': { ext: 'mp3', label: 'MP3' },
  'audio/mp4': { ext: 'm4a', label: 'M4A / MP4 audio' },
  'audio/ogg': { ext: 'ogg', label: 'Ogg' },
  'audio/webm': { ext: 'webm', label: 'WebM audio' },
  'audio/wav': { ext: 'wav', label: 'WAV' },
} as const
export type AudioType = keyof typeof AUDIO_TYPES

/** The largest recording accepted, in bytes (25 MB: about 25 minutes of speech at 128 kbit/s). */
export const RECORDING_MAX_BYTES = 25 * 1024 * 1024

/** Declared types browsers send for these files (m4a and wav go by several names). */
const DECLARED: Record<string, AudioType> = {
  'audio/mpeg': 'audio/mpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/mp4': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-m4a': 'audio/mp4',
  'audio/aac': 'audio/mp4',
  'video/mp4': 'audio/mp4',
  'audio/ogg': 'audio/ogg',
  'application/ogg': 'audio/ogg',
  'audio/webm': 'audio/webm',
  'video/webm': 'audio/webm',
  'audio/wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
}

/** The input's accept attribute. */
export const ACCEPT = [...Object.keys(DECLARED), '.mp3', '.m4a', '.ogg', '.oga', '.webm', '.wav'].join(',')

const ascii = (bytes: Uint8Array, from: number, text: string) =>
  bytes.length >= from + text.length && [...text].every((c, i) => bytes[from + i] === c.charCodeAt(0))

/** The audio type the bytes are, or null. Needs the first 12 bytes. */
export function sniffAudio(head: Uint8Array): AudioType | null {
  if (ascii(head, 0, 'ID3')) return 'audio/mpeg'
  // an MPEG audio frame header without ID3 tag: 11 sync bits, a layer that is not "reserved"
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0) return 'audio/mpeg'
  if (ascii(head, 4, 'ftyp')) return 'audio/mp4'
  if (ascii(head, 0, 'OggS')) return 'audio/ogg'
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3)
    return 'audio/webm'
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'audio/wav'
  return null
}

/**
 * Why a file cannot be a recording, or null when it can: the declared type (when the browser
 * sent a specific one) must be an accepted audio type, and the bytes must be one.
 */
export function audioProblem(file: { declaredType: string; size: number; head: Uint8Array }): string | null {
  const accepted = Object.values(AUDIO_TYPES)
    .map((t) => t.label)
    .join(', ')
  if (file.size === 0) return 'Choose an audio file to upload.'
  if (file.size > RECORDING_MAX_BYTES)
    return `That file is too large: the limit is ${RECORDING_MAX_BYTES / 1024 / 1024} MB.`
  const declared = file.declaredType.split(';')[0].trim().toLowerCase()
  const generic = declared === '' || declared === 'application/octet-stream'
  if (!generic && !DECLARED[declared]) return `That is not an audio file we can play. Upload ${accepted}.`
  if (!sniffAudio(file.head)) return `That file's contents are not ${accepted} audio. Upload ${accepted}.`
  return null
}
