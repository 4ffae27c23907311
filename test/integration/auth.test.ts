import { describe, expect, test } from 'vitest'
import { action as loginAction } from '~/routes/login'
import { loader as usersLoader, action as usersAction } from '~/routes/admin.users'
import { getDb } from '~/db.server'
import { users, auditLog } from '#db/schema'
import { eq } from 'drizzle-orm'
import { createUser, requestAs, TEST_PASSWORD } from '../support/factories'
import { THROTTLE } from '~/auth/session.server'
import { errorsOf, outcome, typedValuesOf } from './route-helpers'

async function status(p: Promise<unknown>): Promise<number> {
  try {
    const r = await p
    if (r instanceof Response) return r.status
    if (r && typeof r === 'object' && 'init' in r) return (r as { init?: { status?: number } }).init?.status ?? 200
    return 200
  } catch (e) {
    if (e instanceof Response) return e.status
    throw e
  }
}

describe('login', () => {
  test('signs in with the right password and sets an httpOnly cookie', async () => {
    const user = await createUser('coordinator')
    const res = (await loginAction({
      request: await requestAs(null, '/login', { form: { email: user.email, password: TEST_PASSWORD } }),
      params: {},
      context: {},
    })) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/cohorts')
    expect(res.headers.get('Set-Cookie')).toMatch(/HttpOnly/)
    expect(res.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/)
  })

  test.each([
    [{ email: 'not-an-email', password: 'x' }, 'email'],
    [{ email: 'a@example.test', password: '' }, 'password'],
    [{ email: 'a@example.test' }, 'password'],
    [{ email: 'a@example.test', password: 'x'.repeat(300 * 1024) }, null],
  ])('bad input %# gets a 4xx with a message beside the field', async (form, field) => {
    const res = await outcome(async () =>
      loginAction({
        request: await requestAs(null, '/login', { form: form as Record<string, string> }),
        params: {},
        context: {},
      }),
    )
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    const { formErrors, fieldErrors } = errorsOf(res.data)
    if (field) expect(fieldErrors[field]?.[0]).toBeTruthy()
    else expect(formErrors.length).toBeGreaterThan(0)
    expect(typedValuesOf(res.data).password).toBeUndefined() // never echoed back
  })

  test('throttles repeated failures for an account', async () => {
    const user = await createUser('facilitator')
    for (let i = 0; i < THROTTLE.perAccount; i++) {
      await loginAction({
        request: await requestAs(null, '/login', { form: { email: user.email, password: 'wrong' } }),
        params: {},
        context: {},
      })
    }
    const res = await loginAction({
      request: await requestAs(null, '/login', { form: { email: user.email, password: TEST_PASSWORD } }),
      params: {},
      context: {},
    })
    expect((res as unknown as { init: { status: number } }).init.status).toBe(429)
  })
})

describe('admin users', () => {
  test('only admins may list users', async () => {
    for (const role of ['coordinator', 'supervisor', 'facilitator', 'participant'] as const) {
      const u = await createUser(role)
      expect(await status(usersLoader({ request: await requestAs(u, '/admin/users'), params: {}, context: {} }))).toBe(
        403,
      )
    }
    const anon = await status(usersLoader({ request: await requestAs(null, '/admin/users'), params: {}, context: {} }))
    expect(anon).toBe(302)
    const admin = await createUser('admin')
    expect(
      await status(usersLoader({ request: await requestAs(admin, '/admin/users'), params: {}, context: {} })),
    ).toBe(200)
  })

  test('invite creates a passwordless account and a one-time link; bad role writes nothing', async () => {
    const admin = await createUser('admin')
    const before = getDb().select().from(users).all().length
    const bad = await usersAction({
      request: await requestAs(admin, '/admin/users', {
        form: { intent: 'invite', name: 'X', email: 'x@example.test', role: 'participant' },
      }),
      params: {},
      context: {},
    })
    expect((bad as unknown as { init: { status: number } }).init.status).toBe(400)
    expect(getDb().select().from(users).all().length).toBe(before)
    const ok = (await usersAction({
      request: await requestAs(admin, '/admin/users', {
        form: { intent: 'invite', name: 'New Lead', email: 'lead@example.test', role: 'facilitator' },
      }),
      params: {},
      context: {},
    })) as { link: string }
    expect(ok.link).toMatch(/\/invite\/[\w-]{40,}$/)
    const created = getDb().select().from(users).where(eq(users.email, 'lead@example.test')).get()!
    expect(created.passwordHash).toBeNull()
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'user.create')).all().length).toBeGreaterThan(0)
  })
})
