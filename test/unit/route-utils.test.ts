import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { idParam, weekParam, armParam } from '~/utils/params'
import { safeRedirect } from '~/utils/safe-redirect'
import { invalid, MAX_FORM_BYTES, parseSubmission, readFormData } from '~/utils/forms.server'
import { createToastHeaders, getToast, redirectWithToast } from '~/utils/toast.server'

const statusOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    return (e as Response).status
  }
  return 200
}

describe('route params', () => {
  it('accepts canonical ids and weeks, 404s everything else', () => {
    expect(idParam({ id: '12' }, 'id')).toBe(12)
    for (const bad of [undefined, '', '0', '-1', '012', '1e1', '1.5', 'abc', '99999999999999999999']) {
      expect(statusOf(() => idParam({ id: bad }, 'id'))).toBe(404)
    }
    expect(weekParam({ week: '24' })).toBe(24)
    for (const bad of ['0', '25', '03', 'x']) expect(statusOf(() => weekParam({ week: bad }))).toBe(404)
    expect(armParam({ arm: 'recovery-support' })).toBe('recovery_support')
    expect(statusOf(() => armParam({ arm: 'recovery_support' }))).toBe(404)
  })
})

describe('safeRedirect', () => {
  it('keeps same-origin paths', () => {
    expect(safeRedirect('/groups/3/weeks/2?tab=x', '/home')).toBe('/groups/3/weeks/2?tab=x')
  })
  it.each([
    '//evil.example/',
    '/\\evil.example',
    '/%09/evil.example/',
    '/\t/evil.example/',
    '/%2F%2Fevil.example',
    'https://evil.example/',
    '/ok\r\nSet-Cookie: x',
    '/ok%0d%0aX: y',
    '/ok\u2028x',
    'javascript:alert(1)',
    '',
  ])('refuses %j', (to) => {
    expect(safeRedirect(to, '/home')).toBe('/home')
  })
})

function chunkedRequest(bytes: number) {
  const chunk = new TextEncoder().encode('a'.repeat(16 * 1024))
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      sent += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
  return new Request('http://localhost/x', {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    duplex: 'half', // node's fetch needs this for a streamed body
  })
}

describe('reading forms', () => {
  it('refuses a body over the limit even without Content-Length', async () => {
    const error = await readFormData(chunkedRequest(MAX_FORM_BYTES * 2)).catch((e) => e)
    expect(error.init.status).toBe(413)
  })
  it('reads a body under the limit', async () => {
    const form = await readFormData(
      new Request('http://localhost/x', { method: 'POST', body: new URLSearchParams({ a: '1', b: 'two' }) }),
    )
    expect(Object.fromEntries(form)).toEqual({ a: '1', b: 'two' })
  })
  it('returns what was typed, with errors, when a submission is refused', async () => {
    const schema = z.object({ minutes: z.number().int().max(120), notes: z.string().optional() })
    const submission = await parseSubmission(
      new Request('http://localhost/x', {
        method: 'POST',
        body: new URLSearchParams({ minutes: '500', notes: 'kept' }),
      }),
      schema,
    )
    expect(submission.status).toBe('error')
    const reply = invalid(submission)
    expect(reply.init?.status).toBe(400)
    expect(reply.data.result.initialValue).toEqual({ minutes: '500', notes: 'kept' })
    expect(reply.data.result.error?.minutes?.length).toBe(1)
  })
})

describe('flash messages', () => {
  it('survive one redirect and are cleared when read', async () => {
    const response = await redirectWithToast('/next', { description: 'Saved.' })
    expect(response.status).toBe(302)
    const cookie = response.headers.get('Set-Cookie')!.split(';')[0]
    const { toast, headers } = await getToast(new Request('http://localhost/next', { headers: { Cookie: cookie } }))
    expect(toast).toMatchObject({ type: 'success', description: 'Saved.' })
    expect(headers!.get('Set-Cookie')).toMatch(/en_toast=;|Max-Age=0|Expires=Thu, 01 Jan 1970/)
    expect((await getToast(new Request('http://localhost/'))).toast).toBeNull()
    expect((await createToastHeaders({ type: 'error', description: 'x' })).get('Set-Cookie')).toMatch(/^en_toast=/)
  })
})
