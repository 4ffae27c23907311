import fs from 'node:fs'
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { authorize } from '~/auth/authorize.server'
import { sampleOf } from '~/domain/audit-queue.server'
import { parseRange } from '~/domain/recording'
import { recordingPath } from '~/domain/session-recordings.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'

/**
 * A session's uploaded recording, to supervisors only (ADR 014), with byte ranges so the player
 * can seek. Never cached by shared caches; never shown inline as anything but its sniffed type.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params, 'meetingId')
  await authorize(request, 'fidelity:audit', { type: 'meeting', id })
  const s = sampleOf(id)
  if (!s?.recordingFile || !s.recordingType) notFound()
  const file = recordingPath(s.recordingFile)
  let size: number
  try {
    size = fs.statSync(file).size
  } catch {
    notFound()
  }
  const headers = new Headers({
    'Content-Type': s.recordingType,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': `inline; filename="session-${id}-recording"`,
  })
  const range = parseRange(request.headers.get('range'), size)
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`)
    return new Response(null, { status: 416, headers })
  }
  const { start, end } = range ?? { start: 0, end: size - 1 }
  headers.set('Content-Length', String(end - start + 1))
  if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`)
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status: range ? 206 : 200, headers })
  const body = createReadableStreamFromReadable(fs.createReadStream(file, { start, end }))
  return new Response(body, { status: range ? 206 : 200, headers })
}
