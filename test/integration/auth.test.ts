import { describe, expect, test } from 'vitest'
import { action as loginAction } from '~/routes/login'
import * as usersModule from '~/routes/admin.users'
import * as inviteModule from '~/routes/invite.$token'
import { createInvitation } from '~/auth/invitations.server'
import { START_PAGE } from '~/auth/permissions'
import { getDb } from '~/db.server'
import { users, auditLog } from '#db/schema'
import { eq } from 'drizzle-orm'
import { createUser, requestAs, TEST_PASSWORD } from '../support/factories'
import { THROTTLE } from '~/auth/session.server'
import { errorsOf, load, outcome, post, typedValuesOf, type RouteModule } from './route-helpers'

const { loader: usersLoader } = usersModule
const usersRoute = usersModule as RouteModule
const inviteRoute = inviteModule as RouteModule

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
    const bad = await post(
      usersRoute,
      admin,
      '/admin/users',
      {},
      {
        intent: 'invite',
        name: 'X Person',
        email: 'x@example.test',
        role: 'participant',
      },
    )
    expect(bad.status).toBe(400)
    expect(errorsOf(bad.data).fieldErrors.role?.[0]).toMatch(/Choose a role/)
    expect(typedValuesOf(bad.data)).toMatchObject({ name: 'X Person', email: 'x@example.test', role: 'participant' })
    expect((bad.data as { intent: string }).intent).toBe('invite')
    expect(getDb().select().from(users).all().length).toBe(before)

    const ok = await post(
      usersRoute,
      admin,
      '/admin/users',
      {},
      {
        intent: 'invite',
        name: 'New Lead',
        email: 'lead@example.test',
        role: 'facilitator',
      },
    )
    expect(ok.status).toBe(200)
    const reply = ok.data as { link: string; recipient: string; intent: string }
    expect(reply.link).toMatch(/\/invite\/[\w-]{40,}$/)
    expect(reply).toMatchObject({ recipient: 'New Lead', intent: 'invite', result: { initialValue: null } }) // the form is emptied
    const created = getDb().select().from(users).where(eq(users.email, 'lead@example.test')).get()!
    expect(created.passwordHash).toBeNull()
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'user.create')).all().length).toBeGreaterThan(0)

    const again = await post(
      usersRoute,
      admin,
      '/admin/users',
      {},
      {
        intent: 'invite',
        name: 'Same Lead',
        email: 'lead@example.test',
        role: 'supervisor',
      },
    )
    expect(again.status).toBe(409)
    expect(errorsOf(again.data).fieldErrors.email?.[0]).toMatch(/already exists/)
    expect(typedValuesOf(again.data)).toMatchObject({ name: 'Same Lead', role: 'supervisor' })
  })

  test('the invite reply carries the success message in the flash cookie, not the link', async () => {
    const admin = await createUser('admin')
    const request = await requestAs(admin, '/admin/users', {
      form: { intent: 'invite', name: 'Cookie Check', email: 'cookie-check@example.test', role: 'supervisor' },
    })
    const reply = (await usersRoute.action!({ request, params: {}, context: {} })) as {
      data: { link: string }
      init: { headers: Headers }
    }
    const cookie = new Headers(reply.init.headers).get('Set-Cookie')!
    expect(cookie).toMatch(/^en_toast=/)
    const token = reply.data.link.split('/').pop()!
    expect(decodeURIComponent(cookie)).not.toContain(token)
  })

  test('disable and enable redirect with a message; an admin cannot disable themselves', async () => {
    const admin = await createUser('admin')
    const lead = await createUser('facilitator')
    const disabled = () => getDb().select().from(users).where(eq(users.id, lead.id)).get()!.disabled
    const off = await post(usersRoute, admin, '/admin/users', {}, { intent: 'disable', userId: String(lead.id) })
    expect(off).toMatchObject({ status: 302, location: '/admin/users' })
    expect(disabled()).toBe(true)
    const on = await post(usersRoute, admin, '/admin/users', {}, { intent: 'enable', userId: String(lead.id) })
    expect(on).toMatchObject({ status: 302, location: '/admin/users' })
    expect(disabled()).toBe(false)

    const self = await post(usersRoute, admin, '/admin/users', {}, { intent: 'disable', userId: String(admin.id) })
    expect(self.status).toBe(409)
    expect(errorsOf(self.data).formErrors).toEqual(['You cannot disable your own account.'])
    expect((self.data as { intent: string }).intent).toBe(`toggle:${admin.id}`) // only that row's form shows it
    expect(getDb().select().from(users).where(eq(users.id, admin.id)).get()!.disabled).toBe(false)

    const missing = await post(usersRoute, admin, '/admin/users', {}, { intent: 'enable', userId: '999999' })
    expect(missing.status).toBe(404)
  })

  test('a new link for an existing account is shown once, tagged for its row', async () => {
    const admin = await createUser('admin')
    const lead = await createUser('facilitator', { passwordHash: null })
    const o = await post(usersRoute, admin, '/admin/users', {}, { intent: 'reinvite', userId: String(lead.id) })
    expect(o.status).toBe(200)
    expect(o.data).toMatchObject({ intent: `reinvite:${lead.id}`, recipient: lead.name })
    expect((o.data as { link: string }).link).toMatch(/\/invite\/[\w-]{40,}$/)
  })
})

describe('accepting an invitation', () => {
  const url = (token: string) => `/invite/${token}`
  const tokenOf = (link: string) => link.split('/').pop()!

  test('an unknown, used or expired link answers 410', async () => {
    const o = await load(inviteRoute, null, url('not-a-token'), { token: 'not-a-token' })
    expect(o.status).toBe(410)
    const posted = await post(
      inviteRoute,
      null,
      url('not-a-token'),
      { token: 'not-a-token' },
      {
        password: 'a long enough password',
        confirm: 'a long enough password',
      },
    )
    expect(posted.status).toBe(410)
  })

  test('a refused password is never echoed back, and spends nothing', async () => {
    const admin = await createUser('admin')
    const invited = await createUser('supervisor', { passwordHash: null })
    const token = tokenOf(createInvitation(invited.id, admin.id))
    const o = await post(
      inviteRoute,
      null,
      url(token),
      { token },
      {
        password: 'a long enough password',
        confirm: 'a different password!',
      },
    )
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.confirm?.[0]).toMatch(/^invite.noMatch$/)
    expect(typedValuesOf(o.data).password).toBeUndefined()
    expect(typedValuesOf(o.data).confirm).toBeUndefined()
    expect(getDb().select().from(users).where(eq(users.id, invited.id)).get()!.passwordHash).toBeNull()
    expect((await load(inviteRoute, null, url(token), { token })).status).toBe(200)
  })

  test('a good password signs the person in at their start page, once', async () => {
    const admin = await createUser('admin')
    const invited = await createUser('supervisor', { passwordHash: null })
    const token = tokenOf(createInvitation(invited.id, admin.id))
    const form = { password: 'a long enough password', confirm: 'a long enough password' }
    const request = await requestAs(null, url(token), { form })
    const res = (await inviteRoute.action!({ request, params: { token }, context: {} })) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe(START_PAGE.supervisor)
    const cookies = res.headers.getSetCookie()
    expect(cookies.some((c) => c.startsWith('en_toast='))).toBe(true)
    expect(cookies.length).toBe(2)
    expect((await post(inviteRoute, null, url(token), { token }, form)).status).toBe(410)
  })
})
