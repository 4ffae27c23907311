import { describe, expect, test } from 'vitest'
import * as cohortList from '~/routes/cohorts._index'
import { createUser } from '../support/factories'
import { load, post, type RouteModule } from './route-helpers'

/** Independent review: a page number from the URL (1e20 was a 500: SQLite's OFFSET overflowed). */
describe('cohort list paging', () => {
  test.each(['-1', '0', 'abc', '1.5', '1e20', '9007199254740993', '99999999999999999999999', '1000001', ''])(
    '?page=%s is never a 5xx',
    async (page) => {
      const coordinator = await createUser('coordinator')
      const o = await load(cohortList as RouteModule, coordinator, `/cohorts?page=${page}`)
      expect(o.status).toBe(200)
    },
  )
})

describe('signed-out forms with hostile input', () => {
  test('login, invitation and language posts are 4xx or a safe redirect, never a 5xx', async () => {
    const login = await import('~/routes/login')
    const invite = await import('~/routes/invite.$token')
    const language = await import('~/routes/language')
    for (const form of [
      {},
      { email: ['a@example.test', 'b@example.test'], password: 'x' },
      { email: `${'a'.repeat(5000)}@example.test`, password: 'x' },
      { email: 'a@example.test', password: 'x'.repeat(10_000) },
      { email: 'ü@例え.テスト', password: 'x', redirectTo: '//evil.test' },
    ] as Record<string, string | string[]>[]) {
      const o = await post(login as RouteModule, null, '/login', {}, form)
      expect(o.status, JSON.stringify(form).slice(0, 60)).toBeGreaterThanOrEqual(400)
      expect(o.status).toBeLessThan(500)
    }
    for (const token of ['', '..', 'x'.repeat(5000), '%00'])
      expect((await load(invite as RouteModule, null, `/invite/${encodeURIComponent(token)}`, { token })).status).toBe(
        410,
      )
    for (const form of [
      {},
      { lng: 'xx' },
      { lng: ['en', 'es'] },
      { lng: 'es', redirectTo: 'https://evil.test' },
    ] as Record<string, string | string[]>[]) {
      const o = await post(language as RouteModule, null, '/language', {}, form)
      expect(o.status).toBe(302)
      expect(o.location, JSON.stringify(form)).toBe('/')
    }
  })
})
