import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createFileUploadHandler as createFileUploadHandler,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import { guideRecordings, type Locale } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb } from '~/db.server'
import { AUDIO_TYPES, audioProblem, RECORDING_MAX_BYTES, sniffAudio, type AudioType } from '~/domain/audio-type'
import { env } from '~/env.server'
import { fileResponse } from '~/utils/file-response.server'

/**
 * Recorded audio for practice guides (one per guide and language): files on disk under
 * RECORDINGS_DIR (default: `recordings/` beside the database), metadata in guide_recordings.
 */
export type Recording = typeof guideRecordings.$inferSelect

export function recordingsDir(): string {
  const settings = env()
  return path.resolve(settings.RECORDINGS_DIR ?? path.join(path.dirname(settings.DATABASE_PATH), 'recordings'))
}

export const recordingFile = (r: Pick<Recording, 'fileName'>) => path.join(recordingsDir(), r.fileName)

/** Where a participant's player fetches a recording (a resource route that checks their arm). */
export const recordingUrl = (slug: string, lang: Locale) => `/recordings/${slug}/${lang}`

export function findRecording(slug: string, lang: Locale): Recording | null {
  return (
    getDb()
      .select()
      .from(guideRecordings)
      .where(and(eq(guideRecordings.slug, slug), eq(guideRecordings.lang, lang)))
      .get() ?? null
  )
}

export function recordingsOf(slug: string): Recording[] {
  return getDb().select().from(guideRecordings).where(eq(guideRecordings.slug, slug)).all()
}

export type UploadResult =
  | { ok: true; recording: Recording; replaced: boolean }
  | { ok: false; status: 400 | 413; message: string; lang: string | null }

class BodyTooLarge extends Error {}

/** The request with its body cut off (an error) after `limit` bytes, whatever Content-Length says. */
function limitedBody(request: Request, limit: number): Request {
  let seen = 0
  const body = request.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength
        if (seen > limit) controller.error(new BodyTooLarge())
        else controller.enqueue(chunk)
      },
    }),
  )
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    duplex: 'half',
  } as RequestInit)
}

/** Room in the body for the form's other fields and multipart headers, beyond the file itself. */
const FORM_OVERHEAD = 64 * 1024

const tooLargeMessage = `That file is too large: the limit is ${RECORDING_MAX_BYTES / 1024 / 1024} MB.`

function readHead(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r')
  try {
    const head = Buffer.alloc(12)
    const n = fs.readSync(fd, head, 0, 12, 0)
    return new Uint8Array(head.subarray(0, n))
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Receives a multipart upload (fields `lang` and `audio`) for guide `slug`, streaming the file to
 * disk and stopping at RECORDING_MAX_BYTES: nothing beyond the limit is read into memory or kept.
 * A valid file replaces the guide's recording in that language (the old file is deleted); the
 * upload is audit-logged. On any refusal nothing is written and no file is left behind.
 */
export async function receiveRecording(request: Request, slug: string, actorId: number): Promise<UploadResult> {
  const refuse = (status: 400 | 413, message: string, lang: string | null = null): UploadResult => ({
    ok: false,
    status,
    message,
    lang,
  })
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > RECORDING_MAX_BYTES + FORM_OVERHEAD) return refuse(413, tooLargeMessage)
  const type = request.headers.get('content-type') ?? ''
  if (!request.body || !/^multipart\/form-data;/i.test(type)) return refuse(400, 'Choose an audio file to upload.')

  const dir = recordingsDir()
  fs.mkdirSync(dir, { recursive: true })
  const written: string[] = []
  const removeWritten = () => {
    for (const f of written) fs.rmSync(f, { force: true })
  }
  let form: FormData
  try {
    form = await parseMultipartFormData(
      limitedBody(request, RECORDING_MAX_BYTES + FORM_OVERHEAD),
      composeUploadHandlers(
        createFileUploadHandler({
          directory: dir,
          avoidFileConflicts: false,
          maxPartSize: RECORDING_MAX_BYTES,
          filter: ({ name }) => name === 'audio',
          file: () => {
            const name = `${randomBytes(16).toString('hex')}.part`
            written.push(path.join(dir, name))
            return name
          },
        }),
        // every other part (the language, an unexpected file) is small or refused
        createMemoryUploadHandler({ maxPartSize: 4 * 1024 }),
      ),
    )
  } catch (error) {
    removeWritten()
    if (error instanceof MaxPartSizeExceededError) return refuse(error.field === 'audio' ? 413 : 400, tooLargeMessage)
    if (error instanceof BodyTooLarge || (error as { cause?: unknown })?.cause instanceof BodyTooLarge)
      return refuse(413, tooLargeMessage)
    return refuse(400, 'The upload could not be read. Please try again.')
  }

  const langField = form.get('lang')
  const lang = langField === 'en' || langField === 'es' ? (langField as Locale) : null
  // the file handler's parts are NodeOnDiskFile (a File-like on disk), which FormData's types do not know
  const files = (form.getAll('audio') as unknown[]).filter((f): f is NodeOnDiskFile => f instanceof NodeOnDiskFile)
  if (files.length !== 1) {
    removeWritten()
    return refuse(400, files.length ? 'Upload one file at a time.' : 'Choose an audio file to upload.', lang)
  }
  const file = files[0]
  const tmp = file.getFilePath()
  const problem = audioProblem({ declaredType: file.type, size: file.size, head: readHead(tmp) })
  if (problem || !lang) {
    removeWritten()
    return refuse(problem?.includes('too large') ? 413 : 400, problem ?? 'Choose the language of the recording.', lang)
  }

  const mime: AudioType = sniffAudio(readHead(tmp))!
  const fileName = `${path.basename(tmp, '.part')}.${AUDIO_TYPES[mime].ext}`
  const final = path.join(dir, fileName)
  fs.renameSync(tmp, final)
  const bytes = fs.statSync(final).size
  let old: Recording | null = null
  let saved: Recording
  try {
    saved = getDb().transaction((tx) => {
      old =
        tx
          .select()
          .from(guideRecordings)
          .where(and(eq(guideRecordings.slug, slug), eq(guideRecordings.lang, lang)))
          .get() ?? null
      const values = { mime, bytes, fileName, uploadedBy: actorId, uploadedAt: new Date().toISOString() }
      const row = old
        ? tx.update(guideRecordings).set(values).where(eq(guideRecordings.id, old.id)).returning().get()
        : tx
            .insert(guideRecordings)
            .values({ slug, lang, ...values })
            .returning()
            .get()
      audit(
        {
          actorId,
          action: old ? 'recording.replace' : 'recording.upload',
          entity: 'guide_recording',
          entityId: row.id,
          detail: `${slug} ${lang} ${mime} ${bytes} bytes`,
        },
        tx,
      )
      return row
    })
  } catch (error) {
    fs.rmSync(final, { force: true })
    throw error
  }
  // The old file goes only once the new row points elsewhere: never a row without its file.
  const previous = old as Recording | null
  if (previous && previous.fileName !== fileName) fs.rmSync(recordingFile(previous), { force: true })
  return { ok: true, recording: saved, replaced: !!previous }
}

/** Deletes a guide's recording in one language (row, then file); audit-logged. False when there was none. */
export function removeRecording(slug: string, lang: Locale, actorId: number): boolean {
  const row = findRecording(slug, lang)
  if (!row) return false
  getDb().transaction((tx) => {
    tx.delete(guideRecordings).where(eq(guideRecordings.id, row.id)).run()
    audit(
      { actorId, action: 'recording.delete', entity: 'guide_recording', entityId: row.id, detail: `${slug} ${lang}` },
      tx,
    )
  })
  fs.rmSync(recordingFile(row), { force: true })
  return true
}

/**
 * The recording as an HTTP response that honours Range (206 with Content-Range, 416 when the
 * range cannot be served), so phones can seek without downloading the whole file first.
 */
export function recordingResponse(request: Request, recording: Recording): Response {
  return fileResponse(request, recordingFile(recording), recording.mime, {
    'Last-Modified': new Date(recording.uploadedAt).toUTCString(),
  })
}
