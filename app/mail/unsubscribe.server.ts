import crypto from 'node:crypto'
import { REMINDER_KINDS, type ReminderKind } from '#db/schema'
import { env } from '~/env.server'

/**
 * One-click unsubscribe (issue 13, RFC 8058): a link per person and kind that works without
 * signing in. The token is `<user>.<kind>.<HMAC>`, signed with a key derived from SESSION_SECRET,
 * so nothing is stored and a token cannot be made up for another person or kind. It names a
 * user id, not an email address or a name.
 */
function key() {
  return crypto.createHmac('sha256', env().SESSION_SECRET).update('mrocc-unsubscribe-v1').digest()
}

function mac(userId: number, kind: ReminderKind) {
  return crypto.createHmac('sha256', key()).update(`${userId}.${kind}`).digest('base64url').slice(0, 32)
}

export function unsubscribeToken(userId: number, kind: ReminderKind): string {
  return `${userId}.${kind}.${mac(userId, kind)}`
}

export function readUnsubscribeToken(token: string): { userId: number; kind: ReminderKind } | null {
  const m = /^(\d{1,12})\.([a-z_]+)\.([A-Za-z0-9_-]{32})$/.exec(token)
  if (!m) return null
  const userId = Number(m[1])
  const kind = m[2] as ReminderKind
  if (!REMINDER_KINDS.includes(kind)) return null
  const expected = Buffer.from(mac(userId, kind))
  const given = Buffer.from(m[3])
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? { userId, kind } : null
}

export function unsubscribeUrl(userId: number, kind: ReminderKind): string {
  return new URL(`/unsubscribe/${unsubscribeToken(userId, kind)}`, env().APP_URL).toString()
}

/** RFC 2369 + RFC 8058 headers: mail clients show an "Unsubscribe" button that POSTs once. */
export function unsubscribeHeaders(userId: number, kind: ReminderKind): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(userId, kind)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
}
