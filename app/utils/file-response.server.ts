import fs from 'node:fs'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { contentRange, parseRange } from '~/domain/byte-range'

/**
 * The one way a stored file (a guide recording, a session recording) is sent: with byte ranges
 * so phones and players can seek (206, 416), HEAD answered without a body, never cached by a
 * shared cache, and never compressed (no-transform keeps ranges true). The caller authorizes
 * first and passes the file's sniffed type. A missing file is a 404.
 */
export function fileResponse(request: Request, file: string, type: string, extra: Record<string, string> = {}) {
  let size: number
  try {
    size = fs.statSync(file).size
  } catch {
    return new Response('Not found', { status: 404 })
  }
  const headers = new Headers({
    'Content-Type': type,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-store, no-transform',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  })
  const range = parseRange(request.headers.get('range'), size)
  if (range.kind === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`)
    return new Response(null, { status: 416, headers })
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1]
  headers.set('Content-Length', String(size === 0 ? 0 : end - start + 1))
  if (range.kind === 'partial') headers.set('Content-Range', contentRange(start, end, size))
  const status = range.kind === 'partial' ? 206 : 200
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers })
  return new Response(createReadableStreamFromReadable(fs.createReadStream(file, { start, end })), { status, headers })
}
