import { describe, expect, test } from 'vitest'
import { THROTTLE } from '~/auth/session.server'
import { action as loginAction } from '~/routes/login'
import { createUser, requestAs, TEST_PASSWORD } from '../support/factories'
import { outcome } from './route-helpers'

const attempt = (email: string, password: string, address: string) =>
  outcome(async () =>
    loginAction({
      request: await requestAs(null, '/login', {
        form: { email, password },
        headers: { 'x-client-address': address },
      }),
      params: {},
      context: {},
    }),
  )

describe('sign-in throttling', () => {
  test('parallel wrong passwords get the same limit as serial ones', async () => {
    const user = await createUser('facilitator')
    const results = await Promise.all(
      Array.from({ length: 30 }, () => attempt(user.email, 'wrong password', '203.0.113.7')),
    )
    const checked = results.filter((r) => r.status === 401).length
    expect(checked).toBe(THROTTLE.perAccount)
    expect(results.filter((r) => r.status === 429).length).toBe(30 - THROTTLE.perAccount)
    // the right password is refused too while the account is throttled
    expect((await attempt(user.email, TEST_PASSWORD, '203.0.113.8')).status).toBe(429)
  })

  test('serial wrong passwords stop at the limit', async () => {
    const user = await createUser('coordinator')
    const statuses: number[] = []
    for (let i = 0; i < THROTTLE.perAccount + 2; i++)
      statuses.push((await attempt(user.email, 'nope', '203.0.113.20')).status)
    expect(statuses).toEqual([...Array(THROTTLE.perAccount).fill(401), 429, 429])
  })

  test('successful sign-ins from one address do not use up that address', async () => {
    const address = '198.51.100.9'
    for (let i = 0; i < THROTTLE.perAddress + 3; i++) {
      const user = await createUser('participant')
      expect((await attempt(user.email, TEST_PASSWORD, address)).status).toBe(302)
    }
  })
})
