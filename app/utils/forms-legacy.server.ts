/** TEMPORARY (issue 8): the old form helpers, until every route is on forms.server.ts. Delete when unused. */
import { parseWithZod } from '@conform-to/zod'
import { data } from '@remix-run/node'
import type { z } from 'zod'

export type FormReply = {
  status: 'error'
  formErrors: string[]
  fieldErrors: Record<string, string[]>
}

/** Largest form body we accept (bytes): anything bigger is refused before it is parsed. */
export const MAX_FORM_BYTES = 256 * 1024

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: ReturnType<typeof formError> }

/**
 * Reads and validates a form with zod on the server. On failure, return `parsed.reply` from the
 * action: a 4xx whose data the page renders next to the fields. Nothing has been written.
 */
export async function parseForm<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<Parsed<z.output<S>>> {
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_FORM_BYTES) {
    return { ok: false, reply: formError(['That form is too large to send. Please shorten it.'], {}, 413) }
  }
  let formData: FormData
  try {
    formData = await request.formData()
  } catch {
    return { ok: false, reply: formError(['The form could not be read. Please try again.']) }
  }
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') {
    const fieldErrors: Record<string, string[]> = {}
    const formErrors: string[] = []
    for (const [key, messages] of Object.entries(submission.reply().error ?? {})) {
      if (!messages?.length) continue
      if (key === '') formErrors.push(...messages)
      else fieldErrors[key] = messages
    }
    return { ok: false, reply: formError(formErrors, fieldErrors) }
  }
  return { ok: true, value: submission.value }
}

export function formError(formErrors: string[], fieldErrors: Record<string, string[]> = {}, status = 400) {
  const body: FormReply = {
    status: 'error',
    formErrors: formErrors.length ? formErrors : ['Please correct the fields marked below.'],
    fieldErrors,
  }
  return data(body, { status })
}
