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

/** What the uploaded bytes are, from their first 12 bytes; null when not a recording we accept. */
export function sniffRecordingType(head: Uint8Array, declared?: string | null): RecordingType | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to))
  if (head.length < 12) return null
  if (ascii(4, 8) === 'ftyp') return declared?.startsWith('video/') ? 'video/mp4' : 'audio/mp4'
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'audio/webm'
  if (ascii(0, 4) === 'OggS') return 'audio/ogg'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio/wav'
  if (ascii(0, 3) === 'ID3' || (head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) return 'audio/mpeg'
  return null
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

export type ByteRange = { start: number; end: number }

/**
 * The single byte range a `Range` header asks for, within a file of `size` bytes: null for no
 * (or an unusable) header — serve the whole file — and 'unsatisfiable' for a range outside it
 * (416). Multiple ranges are served as the whole file.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return null
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
