import { type Submission, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import type { RecordConflict } from '~/domain/record-version'

/** Largest form body we accept (bytes), counted on the bytes actually read, not the declared length. */
export const MAX_FORM_BYTES = 256 * 1024

export class FormTooLargeError extends Error {}

/**
 * Reads a url-encoded or multipart form, refusing a body over `limit` bytes whatever its
 * Content-Length says (a chunked body has none). Throws a 413/400 response the error boundary shows.
 */
export async function readFormData(request: Request, limit = MAX_FORM_BYTES): Promise<FormData> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > limit) throw tooLarge()
  if (!request.body) return new FormData()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return await new Response(body, {
      headers: { 'Content-Type': request.headers.get('content-type') ?? '' },
    }).formData()
  } catch {
    throw data({ result: formLevelReply(['The form could not be read. Please try again.']) }, { status: 400 })
  }
}

function tooLarge() {
  return data({ result: formLevelReply(['That form is too large to send. Please shorten it.']) }, { status: 413 })
}

function formLevelReply(formErrors: string[]): SubmissionResult<string[]> {
  return { status: 'error', error: { '': formErrors } }
}

/**
 * The one way an action reads a form: the bytes (bounded), then the route's zod schema through
 * conform (the same schema the page validates with on the client). A page with several forms
 * passes a function that picks the schema from the submitted `intent`.
 */
export async function parseSubmission<S extends z.ZodTypeAny>(
  request: Request,
  schema: S | ((intent: string | null) => S),
) {
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const chosen = typeof schema === 'function' ? schema(typeof intent === 'string' ? intent : null) : schema
  return parseWithZod(formData, { schema: chosen })
}

export type ReplyOptions = {
  formErrors?: string[]
  fieldErrors?: Record<string, string[]>
  /** never echo these back (passwords) */
  hideFields?: string[]
  /** which form on the page this reply belongs to, when a page has several */
  intent?: string
}

/**
 * The one way an action refuses a submission: a 4xx whose `result` conform's `useForm({ lastResult })`
 * renders — every typed value kept, errors beside their fields. Nothing has been written.
 */
export function invalid<T>(submission: Submission<T>, options: ReplyOptions = {}, status = 400) {
  const { intent, ...reply } = options
  const result = submission.reply({
    formErrors: reply.formErrors,
    fieldErrors: reply.fieldErrors,
    hideFields: reply.hideFields,
  })
  return data({ result, intent: intent ?? null }, { status })
}

/** Domain problems (`{ path, message }`) as conform field and form errors. */
export function problemsToErrors(problems: readonly { path?: string; message: string }[]) {
  const fieldErrors: Record<string, string[]> = {}
  const formErrors: string[] = []
  for (const p of problems) {
    if (p.path) (fieldErrors[p.path] ??= []).push(p.message)
    else formErrors.push(p.message)
  }
  return { fieldErrors, formErrors }
}

/**
 * The one way an action refuses a stale save (ADR 013): a 409 that keeps everything the person
 * typed (like `invalid`) and carries what changed, for `RecordConflictNotice` to show. The page's
 * `VersionField` then holds the version now saved, so saving again applies the person's values.
 */
export function conflict<T>(submission: Submission<T>, found: RecordConflict, options: ReplyOptions = {}) {
  const { intent, ...reply } = options
  const result = submission.reply({ formErrors: reply.formErrors, fieldErrors: reply.fieldErrors })
  return data({ result, intent: intent ?? null, conflict: found }, { status: 409 })
}
