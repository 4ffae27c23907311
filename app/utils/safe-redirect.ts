/**
 * Where to go after signing in: only a same-origin path made of safe characters. Anything else
 * (another origin, `//host`, `/\host`, tab/CR/LF or Unicode separators, encoded tricks) falls back.
 */
const SAFE_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/

export function safeRedirect(to: string | null | undefined, fallback: string): string {
  if (!to || to.length > 500 || !SAFE_PATH.test(to)) return fallback
  let decoded: string
  try {
    decoded = decodeURIComponent(to)
  } catch {
    return fallback
  }
  // a decoded path must not turn into another origin or carry control characters
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/^\/[/\\]/.test(decoded) || /[\u0000-\u001f\u007f\u2028\u2029\\]/.test(decoded)) return fallback
  return to
}
