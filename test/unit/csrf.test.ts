import { describe, expect, test } from 'vitest'
import { isCrossSiteWrite } from '../../server/csrf.js'

const host = 'lms.example.org'

describe('isCrossSiteWrite: refuses state-changing requests from another site', () => {
  test('GET, HEAD and OPTIONS are never refused, even cross-site', () => {
    for (const method of ['GET', 'get', 'HEAD', 'OPTIONS']) {
      expect(isCrossSiteWrite(method, { origin: 'https://evil.example', secFetchSite: 'cross-site', host })).toBe(false)
    }
  })

  test('POST with an Origin of another host is refused', () => {
    expect(isCrossSiteWrite('POST', { origin: 'https://evil.example', host })).toBe(true)
    expect(isCrossSiteWrite('POST', { origin: 'https://sub.lms.example.org', host })).toBe(true)
    // same hostname, different port is a different origin
    expect(isCrossSiteWrite('POST', { origin: 'https://lms.example.org:8443', host })).toBe(true)
  })

  test('other write methods are treated like POST', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'post']) {
      expect(isCrossSiteWrite(method, { origin: 'https://evil.example', host })).toBe(true)
      expect(isCrossSiteWrite(method, { origin: `https://${host}`, host })).toBe(false)
    }
  })

  test('POST with an Origin of the same host is allowed', () => {
    expect(isCrossSiteWrite('POST', { origin: `https://${host}`, host })).toBe(false)
    expect(isCrossSiteWrite('POST', { origin: 'http://localhost:3000', host: 'localhost:3000' })).toBe(false)
  })

  test('Sec-Fetch-Site cross-site or same-site is refused', () => {
    expect(isCrossSiteWrite('POST', { secFetchSite: 'cross-site', host })).toBe(true)
    expect(isCrossSiteWrite('POST', { secFetchSite: 'same-site', host })).toBe(true)
    // refused even if the Origin looks like ours
    expect(isCrossSiteWrite('POST', { origin: `https://${host}`, secFetchSite: 'cross-site', host })).toBe(true)
  })

  test('Sec-Fetch-Site same-origin or none is allowed', () => {
    expect(isCrossSiteWrite('POST', { secFetchSite: 'same-origin', host })).toBe(false)
    expect(isCrossSiteWrite('POST', { secFetchSite: 'none', host })).toBe(false)
    expect(isCrossSiteWrite('POST', { origin: `https://${host}`, secFetchSite: 'same-origin', host })).toBe(false)
  })

  test('same-origin Sec-Fetch-Site does not excuse a foreign Origin', () => {
    expect(isCrossSiteWrite('POST', { origin: 'https://evil.example', secFetchSite: 'same-origin', host })).toBe(true)
  })

  test('Origin "null" (sandboxed or privacy-redirected) is refused', () => {
    expect(isCrossSiteWrite('POST', { origin: 'null', host })).toBe(true)
  })

  test('an unparseable Origin is refused', () => {
    expect(isCrossSiteWrite('POST', { origin: 'not a url', host })).toBe(true)
  })

  test('no Origin and no Sec-Fetch-Site (curl, tests, old browsers) is allowed', () => {
    expect(isCrossSiteWrite('POST', { host })).toBe(false)
    expect(isCrossSiteWrite('POST', { origin: null, secFetchSite: null, host })).toBe(false)
    expect(isCrossSiteWrite('POST', {})).toBe(false)
  })
})
