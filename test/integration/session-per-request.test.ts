import { describe, expect, test } from 'vitest'
import { getSessionUser } from '~/auth/session.server'
import { createUser, requestAs } from '../support/factories'

describe('one session lookup per request', () => {
  test('loaders of one request (same request id, separate Request objects) share one answer', async () => {
    const user = await createUser('coordinator')
    const first = await requestAs(user, '/cohorts', { headers: { 'x-request-id': 'req-1' } })
    const second = new Request(first.url, { headers: first.headers })
    // the very same object: one lookup answered both
    expect(await getSessionUser(first)).toBe(await getSessionUser(second))
    expect((await getSessionUser(second))?.id).toBe(user.id)
  })

  test('different requests never share an answer', async () => {
    const a = await createUser('coordinator')
    const b = await createUser('supervisor')
    const ra = await requestAs(a, '/cohorts', { headers: { 'x-request-id': 'req-a' } })
    const rb = await requestAs(b, '/cohorts', { headers: { 'x-request-id': 'req-b' } })
    expect((await getSessionUser(ra))?.id).toBe(a.id)
    expect((await getSessionUser(rb))?.id).toBe(b.id)
    // without an id (tests, scripts) each Request object is its own request
    const plain = await requestAs(b, '/cohorts')
    expect(await getSessionUser(plain)).not.toBe(
      await getSessionUser(new Request(plain.url, { headers: plain.headers })),
    )
  })
})
