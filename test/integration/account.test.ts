import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { authSessions, users } from '#db/schema'
import { verifyPassword } from '~/auth/password.server'
import { getDb } from '~/db.server'
import * as accountRoute from '~/routes/account'
import { createSession } from '~/auth/session.server'
import { createUser, requestAs, TEST_PASSWORD } from '../support/factories'
import { errorsOf, loaderData, outcome, post, typedValuesOf, type RouteModule } from './route-helpers'

const route = accountRoute as RouteModule

describe('my account', () => {
  test('changing the password needs the current one; the new one works and other sessions end', async () => {
    const user = await createUser('participant')
    await createSession(user.id) // another device
    const wrong = await post(
      route,
      user,
      '/account',
      {},
      {
        intent: 'password',
        current: 'not my password',
        password: 'a brand new sentence 42',
        confirm: 'a brand new sentence 42',
      },
    )
    expect(wrong.status).toBe(400)
    expect(errorsOf(wrong.data).fieldErrors.current?.[0]).toBe('password.wrongCurrent')
    expect(typedValuesOf(wrong.data).password).toBeUndefined() // never echoed
    const hashBefore = getDb().select().from(users).where(eq(users.id, user.id)).get()!.passwordHash

    const request = await requestAs(user, '/account', {
      form: {
        intent: 'password',
        current: TEST_PASSWORD,
        password: 'a brand new sentence 42',
        confirm: 'a brand new sentence 42',
      },
    })
    const ok = await outcome(() => route.action!({ request, params: {}, context: {} }))
    expect(ok.status).toBe(302)
    expect(ok.location).toBe('/account')
    const after = getDb().select().from(users).where(eq(users.id, user.id)).get()!
    expect(after.passwordHash).not.toBe(hashBefore)
    expect(await verifyPassword('a brand new sentence 42', after.passwordHash)).toBe(true)
    // only the session that made the change is left
    expect(getDb().select().from(authSessions).where(eq(authSessions.userId, user.id)).all()).toHaveLength(1)
  })

  test('a common password or a mismatch is refused, writing nothing', async () => {
    const user = await createUser('facilitator')
    const before = getDb().select().from(users).where(eq(users.id, user.id)).get()!.passwordHash
    const common = await post(
      route,
      user,
      '/account',
      {},
      {
        intent: 'password',
        current: TEST_PASSWORD,
        password: 'password1234',
        confirm: 'password1234',
      },
    )
    expect(common.status).toBe(400)
    expect(errorsOf(common.data).fieldErrors.password?.[0]).toMatch(/common/)
    const mismatch = await post(
      route,
      user,
      '/account',
      {},
      {
        intent: 'password',
        current: TEST_PASSWORD,
        password: 'tulip river window 42',
        confirm: 'tulip river window 43',
      },
    )
    expect(errorsOf(mismatch.data).fieldErrors.confirm?.[0]).toBe('password.noMatch')
    expect(getDb().select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toBe(before)
  })

  test('time zone: only a zone from the list is saved', async () => {
    const user = await createUser('coordinator')
    const bad = await post(route, user, '/account', {}, { intent: 'time-zone', timeZone: 'Mars/Olympus' })
    expect(bad.status).toBe(400)
    expect(typedValuesOf(bad.data).timeZone).toBe('Mars/Olympus')
    const good = await post(route, user, '/account', {}, { intent: 'time-zone', timeZone: 'America/Denver' })
    expect(good.status).toBe(302)
    expect(getDb().select().from(users).where(eq(users.id, user.id)).get()!.timeZone).toBe('America/Denver')
  })

  test('every role has the three settings: password, time zone and language', async () => {
    for (const role of ['participant', 'facilitator', 'coordinator', 'supervisor', 'admin', 'data_manager'] as const) {
      const user = await createUser(role)
      const page = await loaderData<{ account: { timeZone: string; locale: string } }>(route, user, '/account')
      expect(page.account, role).toMatchObject({ timeZone: expect.any(String), locale: 'en' })
      const saved = await post(route, user, '/account', {}, { intent: 'language', lng: 'es' })
      expect(saved.status, role).toBe(302)
      expect(getDb().select().from(users).where(eq(users.id, user.id)).get()!.locale, role).toBe('es')
      const missing = await post(route, user, '/account', {}, { intent: 'password', password: 'x', confirm: 'x' })
      expect(errorsOf(missing.data).fieldErrors.current, role).toEqual(['password.enterCurrent'])
    }
  })
})
