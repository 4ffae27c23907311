/**
 * Refuses cross-site form posts (ADR 001). Browsers send Origin on every POST and
 * Sec-Fetch-Site on modern ones; a state-changing request from another site is refused with 403.
 * Requests with neither header (curl, tests, very old browsers) are allowed: they carry no
 * ambient cookie from a victim's browser session.
 *
 * @param {string} method
 * @param {{ origin?: string | null, secFetchSite?: string | null, host?: string | null }} headers
 * @returns {boolean} true when the request must be refused
 */
export function isCrossSiteWrite(method, { origin, secFetchSite, host }) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return false
  if (secFetchSite && !['same-origin', 'none'].includes(secFetchSite)) return true
  if (origin) {
    if (origin === 'null') return true
    try {
      return new URL(origin).host !== host
    } catch {
      return true
    }
  }
  return false
}
