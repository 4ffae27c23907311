import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { env } from '~/env.server'
import { MAX_RECORDING_BYTES, sniffRecordingType, type RecordingType } from './recording'

/** Session recordings live in the data directory beside the database (session-recordings/), never in it (ADR 014). */
export function recordingsDir() {
  return path.join(path.dirname(path.resolve(env().DATABASE_PATH)), 'session-recordings')
}

/** A stored name is ours (a UUID), so it can never walk out of the directory. */
export function recordingPath(file: string) {
  if (!/^[0-9a-f-]{36}$/.test(file)) throw new RangeError('not a recording name')
  return path.join(recordingsDir(), file)
}

export class RecordingRejectedError extends Error {}

/**
 * Streams an uploaded file into the recordings directory, refusing it (and deleting what was
 * written) when it is larger than MAX_RECORDING_BYTES or its first bytes are not a recording.
 */
export async function storeRecording(
  data: AsyncIterable<Uint8Array>,
  declaredType: string | null,
): Promise<{ file: string; type: RecordingType; bytes: number }> {
  fs.mkdirSync(recordingsDir(), { recursive: true })
  const file = randomUUID()
  const target = recordingPath(file)
  const out = fs.createWriteStream(target, { flags: 'wx', mode: 0o600 })
  let bytes = 0
  let head = new Uint8Array(0)
  let type: RecordingType | null = null
  try {
    for await (const chunk of data) {
      if (head.length < 12) {
        const joined = new Uint8Array(head.length + chunk.length)
        joined.set(head)
        joined.set(chunk, head.length)
        head = joined.subarray(0, 12)
      }
      bytes += chunk.byteLength
      if (bytes > MAX_RECORDING_BYTES)
        throw new RecordingRejectedError(`The file is larger than ${MAX_RECORDING_BYTES / 1024 / 1024 / 1024} GB.`)
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
    type = sniffRecordingType(head, declaredType)
    if (bytes === 0) throw new RecordingRejectedError('Choose a recording file to upload.')
    if (!type)
      throw new RecordingRejectedError(
        'That file is not an audio or video recording we accept (MP3, M4A/MP4, WebM, Ogg, WAV).',
      )
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
    return { file, type, bytes }
  } catch (e) {
    out.destroy()
    fs.rmSync(target, { force: true })
    throw e
  }
}

export function removeRecording(file: string | null) {
  if (file) fs.rmSync(recordingPath(file), { force: true })
}
