/**
 * HTTP Range requests (RFC 9110 §14) for serving a file so phones can seek. Pure.
 * One range only: a request for several is answered with the whole file (allowed by the RFC).
 */
export type RangeAnswer =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number } // inclusive
  | { kind: 'unsatisfiable' }

export function parseRange(header: string | null, size: number): RangeAnswer {
  if (!header) return { kind: 'full' }
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim())
  if (!m) {
    // several ranges, or another unit: ignore the header; a malformed bytes range is unsatisfiable
    return /^bytes=/i.test(header.trim()) && !header.includes(',') ? { kind: 'unsatisfiable' } : { kind: 'full' }
  }
  const [, a, b] = m
  if (a === '' && b === '') return { kind: 'unsatisfiable' }
  if (a === '') {
    // the last N bytes
    const n = Number(b)
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' }
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(a)
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1)
  if (start >= size || (b !== '' && Number(b) < start)) return { kind: 'unsatisfiable' }
  return { kind: 'partial', start, end }
}

export const contentRange = (start: number, end: number, size: number) => `bytes ${start}-${end}/${size}`
