import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { authSessions, pendingSubmissions } from '#db/schema'
import { getDb } from '~/db.server'
import { getProgrammeSettings } from '~/domain/settings.server'
import { loader as rootLoader } from '~/root'
import { action as loginAction } from '~/routes/login'
import { action as settingsAction } from '~/routes/settings'
import { createUser, requestAs, TEST_PASSWORD } from '../support/factories'

const typed = {
  continuationMinSessions: '2',
  continuationFromWeek: '5',
  continuationToWeek: '8',
  surveyGraceDays: '4',
  contactName: 'Front desk',
  contactPhone: '555 0199',
}

/** Cookies a response sets, as a Cookie header value. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')

async function lapsedPost(user: { id: number }) {
  const request = await requestAs(user, '/settings', { form: typed })
  // the session lapsed while the person was typing: last seen an hour ago
  getDb()
    .update(authSessions)
    .set({ lastSeenAt: new Date(Date.now() - 3600_000).toISOString() })
    .where(eq(authSessions.userId, user.id))
    .run()
  let thrown: unknown
  try {
    await settingsAction({ request, params: {}, context: {} })
  } catch (e) {
    thrown = e
  }
  return thrown as Response
}

describe('a save that arrives after the session lapsed', () => {
  test('is kept for its sender, brought back on its page after signing in, and not saved unseen', async () => {
    const coordinator = await createUser('coordinator')
    const before = getProgrammeSettings()
    const res = await lapsedPost(coordinator)
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/login?redirectTo=%2Fsettings')
    expect(cookiesOf(res)).toMatch(/pending_form=/)
    expect(getProgrammeSettings()).toEqual(before) // nothing written
    expect(
      getDb().select().from(pendingSubmissions).where(eq(pendingSubmissions.userId, coordinator.id)).all(),
    ).toHaveLength(1)

    // signing in again (even from a link to somewhere else) goes back to the page with the waiting form
    const login = (await loginAction({
      request: await requestAs(null, '/login', {
        form: { email: coordinator.email, password: TEST_PASSWORD, redirectTo: '/cohorts' },
        headers: { Cookie: cookiesOf(res) },
      }),
      params: {},
      context: {},
    })) as Response
    expect(login.status).toBe(302)
    expect(login.headers.get('Location')).toBe('/settings')

    // the page shows the form as typed, with a note; taken once
    const cookie = `${cookiesOf(res)}; ${cookiesOf(login)}`
    const page = new Request('http://localhost/settings', { headers: { Cookie: cookie } })
    const root = (await rootLoader({ request: page, params: {}, context: {} })) as unknown as {
      data: { restored: { result: { initialValue: Record<string, string>; error: Record<string, string[]> } } }
    }
    expect(root.data.restored.result.initialValue).toMatchObject(typed)
    expect(root.data.restored.result.error['']?.[0]).toBe('form.sessionEnded') // shown in the page language
    expect(
      getDb().select().from(pendingSubmissions).where(eq(pendingSubmissions.userId, coordinator.id)).all(),
    ).toHaveLength(0)
  })

  test('nobody else can pick it up, even with the cookie', async () => {
    const owner = await createUser('coordinator')
    const other = await createUser('coordinator')
    const res = await lapsedPost(owner)
    const login = (await loginAction({
      request: await requestAs(null, '/login', {
        form: { email: other.email, password: TEST_PASSWORD },
        headers: { Cookie: cookiesOf(res) },
      }),
      params: {},
      context: {},
    })) as Response
    expect(login.headers.get('Location')).toBe('/cohorts') // their own start page, not the owner's form
    const page = new Request('http://localhost/settings', {
      headers: { Cookie: `${cookiesOf(res)}; ${cookiesOf(login)}` },
    })
    const root = (await rootLoader({ request: page, params: {}, context: {} })) as unknown as {
      data: { restored: unknown }
    }
    expect(root.data.restored).toBeNull()
  })

  test('a post with no session at all keeps nothing', async () => {
    const request = await requestAs(null, '/settings', { form: typed })
    const res = await settingsAction({ request, params: {}, context: {} }).catch((e) => e as Response)
    expect((res as Response).status).toBe(302)
    expect(cookiesOf(res as Response)).not.toMatch(/pending_form=/)
  })
})
