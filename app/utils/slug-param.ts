import { notFound } from './http-errors'

/**
 * A content slug from the URL (lower-case words joined by hyphens), or a 404 thrown for the error
 * boundary: the same contract as `idParam` in params.ts, for guides.
 */
export function slugParam(params: Record<string, string | undefined>, name = 'slug'): string {
  const raw = params[name]
  if (!raw || raw.length > 100 || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(raw)) notFound()
  return raw
}
