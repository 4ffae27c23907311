import type { Arm } from '#db/schema'
import { notFound } from './http-errors'

/**
 * The one way a route reads its URL params: a valid value, or a 404 thrown for the error
 * boundary. Numbers must be written canonically ("12", not "012" or "1e1").
 */
export function idParam(params: Record<string, string | undefined>, name: string): number {
  const raw = params[name]
  const n = Number(raw)
  if (!raw || !Number.isSafeInteger(n) || n < 1 || String(n) !== raw) notFound()
  return n
}

export function weekParam(params: Record<string, string | undefined>, name = 'week'): number {
  const raw = params[name]
  const week = Number(raw)
  if (!Number.isInteger(week) || week < 1 || week > 24 || String(week) !== raw) notFound()
  return week
}

/** URL arm segments are the content directory names. */
export function armParam(params: Record<string, string | undefined>, name = 'arm'): Arm {
  const raw = params[name]
  if (raw === 'mrocc') return 'mrocc'
  if (raw === 'recovery-support') return 'recovery_support'
  notFound()
}

/** A content slug (lower-case words joined by hyphens), for guides. */
export function slugParam(params: Record<string, string | undefined>, name = 'slug'): string {
  const raw = params[name]
  if (!raw || raw.length > 100 || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(raw)) notFound()
  return raw
}

/**
 * The `?page=` of a paged list: 1 to 999,999 written canonically, else the first page (a page
 * past any real list, or 1e20, which overflows SQLite's OFFSET, is never a 5xx).
 */
export function pageParam(request: Request): number {
  const raw = new URL(request.url).searchParams.get('page')
  return raw && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1
}
