import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { auditLog, outbox, participants, users } from '#db/schema'
import { getDb } from '~/db.server'
import { claimNext } from '~/domain/outbox.server'
import { MAX_ATTEMPTS, retryDelayMs } from '~/domain/reminders'
import { getReminderPrefs } from '~/domain/reminders.server'
import type { MailTransport, OutgoingMail } from '~/mail/transport.server'
import { unsubscribeToken } from '~/mail/unsubscribe.server'
import * as outboxPage from '~/routes/admin.outbox'
import * as prefsPage from '~/routes/account_.reminders'
import * as unsubscribePage from '~/routes/unsubscribe.$token'
import { runScheduler } from '~/scheduler.server'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { errorsOf, groupOf, load, placeIn, post, typedValuesOf } from './route-helpers'

/**
 * The outbox and its scheduler against a real database (issue 13). The test cohort meets
 * Tuesdays 18:00 New York time from 2026-09-01: week 2 is Sep 8, so at Sep 7 18:00 EDT
 * (22:00Z) "meeting tomorrow" and "survey open" for week 2 are due for each participant.
 */
const DUE = new Date('2026-09-07T22:00:00Z')
const later = (ms: number) => new Date(DUE.getTime() + ms)

function recorder({ delayMs = 0, failFirst = 0 } = {}) {
  const sent: OutgoingMail[] = []
  let failures = failFirst
  const transport: MailTransport = {
    async send(mail) {
      await new Promise((r) => setTimeout(r, delayMs))
      if (failures-- > 0) throw new Error('421 4.7.0 Try again later')
      sent.push(mail)
      return { providerId: `<${sent.length}@smtp.test>` }
    },
  }
  return { sent, transport }
}

let people: { userId: number; participantId: number; locale: 'en' | 'es' }[]

/** A fresh cohort of two participants (one reads Spanish); everything before it is out of the way. */
beforeEach(async () => {
  const db = getDb()
  db.delete(outbox).run()
  db.update(participants).set({ status: 'withdrawn' }).run()
  const coordinator = await createUser('coordinator')
  const cohort = createTestCohort({ actorId: coordinator.id })
  people = []
  for (const locale of ['en', 'es'] as const) {
    const { id } = enrolTestParticipant(cohort, coordinator.id, false)
    placeIn(id, groupOf(cohort, 'mrocc').id)
    const user = await participantUser(id)
    db.update(users).set({ locale }).where(eq(users.id, user.id)).run()
    people.push({ userId: user.id, participantId: id, locale })
  }
})

const rows = () => getDb().select().from(outbox).all()

describe('the scheduler', () => {
  test('queues each due reminder once and sends it once, even with two schedulers in the same tick', async () => {
    const { sent, transport } = recorder({ delayMs: 5 })
    const [a, b] = await Promise.all([
      runScheduler({ now: DUE, transport, sender: 'a' }),
      runScheduler({ now: DUE, transport, sender: 'b' }),
    ])
    expect(a.queued + b.queued).toBe(4)
    expect(a.sent + b.sent).toBe(4)
    expect(sent).toHaveLength(4)
    expect(new Set(sent.map((m) => `${m.to} ${m.subject}`)).size).toBe(4)
    expect(rows().map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent'])
    expect(
      rows()
        .map((r) => r.dedupeKey)
        .sort(),
    ).toEqual(people.flatMap((p) => [`${p.userId}:meeting_tomorrow:2`, `${p.userId}:survey_open:2`]).sort())
    // Asked again an hour later (still inside the window): nothing new is queued or sent.
    const again = await runScheduler({ now: later(3600_000), transport })
    expect(again).toMatchObject({ queued: 0, sent: 0 })
    expect(sent).toHaveLength(4)
  })

  test('each message is in its person’s language and carries its own one-click unsubscribe', async () => {
    const { sent, transport } = recorder()
    await runScheduler({ now: DUE, transport })
    const spanish = people.find((p) => p.locale === 'es')!
    const row = rows().find((r) => r.dedupeKey === `${spanish.userId}:survey_open:2`)!
    expect(row.locale).toBe('es')
    expect(row.subject).toBe('Sus preguntas semanales ya están disponibles')
    const mail = sent.find((m) => m.subject === row.subject)!
    expect(mail.to).toBe(row.recipient)
    expect(mail.headers['List-Unsubscribe']).toBe(
      `<http://localhost:3000/unsubscribe/${unsubscribeToken(spanish.userId, 'survey_open')}>`,
    )
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    expect(mail.headers['Message-ID']).toBe(`<outbox-${row.id}@localhost>`)
    expect(mail.text).toContain('hasta el final del jueves, 10 de septiembre') // the window's last day, in Spanish
  })

  test('an SMTP failure is retried after a backoff, then sent once', async () => {
    const { sent, transport } = recorder({ failFirst: 1 })
    const first = await runScheduler({ now: DUE, transport })
    expect(first).toMatchObject({ sent: 3, failed: 1 })
    const failed = rows().find((r) => r.status === 'queued')!
    expect(failed).toMatchObject({ attempts: 1, lastError: '421 4.7.0 Try again later' })
    expect(failed.nextAttemptAt).toBe(later(60_000).toISOString())
    expect((await runScheduler({ now: later(30_000), transport })).sent).toBe(0)
    expect((await runScheduler({ now: later(60_000), transport })).sent).toBe(1)
    expect(rows().find((r) => r.id === failed.id)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(sent).toHaveLength(4)
  })

  test('after eight failed attempts a message is marked failed, with the last error, and left alone', async () => {
    const { sent, transport } = recorder({ failFirst: 1000 })
    let now = DUE
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await runScheduler({ now, transport, plan: attempt === 1 })
      now = new Date(now.getTime() + retryDelayMs(attempt))
    }
    expect(rows().map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(['failed', MAX_ATTEMPTS]))
    expect(rows().every((r) => r.lastError === '421 4.7.0 Try again later' && r.sentAt === null)).toBe(true)
    expect((await runScheduler({ now: later(7 * 86_400_000), transport, plan: false })).failed).toBe(0)
    expect(sent).toHaveLength(0)
  })

  test('a scheduler that dies mid-run: its claimed message is sent once after a restart, nothing twice', async () => {
    await runScheduler({ now: DUE, transport: null }) // queued only
    const orphan = claimNext('dead-process', DUE)! // claimed, then the process died
    const { sent, transport } = recorder()
    // Restarted a minute later: the other three go; the orphan's claim is still within its lease.
    expect((await runScheduler({ now: later(60_000), transport })).sent).toBe(3)
    // Once the lease has passed it is queued again and sent.
    expect((await runScheduler({ now: later(6 * 60_000), transport })).sent).toBe(1)
    expect(sent.filter((m) => m.headers['Message-ID'].includes(`outbox-${orphan.id}@`))).toHaveLength(1)
    expect(sent).toHaveLength(4)
    expect((await runScheduler({ now: later(7 * 60_000), transport })).sent).toBe(0)
  })

  test('without SMTP nothing is sent and admins read the queue on the outbox page (audit-logged)', async () => {
    const result = await runScheduler({ now: DUE, transport: null })
    expect(result).toMatchObject({ queued: 4, sent: 0 })
    expect(rows().every((r) => r.status === 'queued')).toBe(true)
    const admin = await createUser('admin')
    const page = await load(outboxPage, admin, '/admin/outbox')
    expect(page.status).toBe(200)
    const data = page.data as { smtp: boolean; rows: { subject: string }[] }
    expect(data.smtp).toBe(false)
    expect(data.rows).toHaveLength(4)
    const logged = getDb().select().from(auditLog).where(eq(auditLog.action, 'outbox.read')).all()
    expect(logged.map((l) => l.participantId).sort()).toEqual(people.map((p) => p.participantId).sort())
  })

  test('a stale message is never sent: "meeting tomorrow" queued but not sent before the meeting day expires', async () => {
    await runScheduler({ now: DUE, transport: null })
    const { sent, transport } = recorder()
    // Sep 8 12:00Z is 08:00 on the meeting day in New York: the end of the quiet hours.
    await runScheduler({ now: new Date('2026-09-08T12:00:00Z'), transport, plan: false })
    expect(sent.map((m) => m.subject).sort()).toEqual(
      ['Sus preguntas semanales ya están disponibles', 'Your weekly check-in questions are ready'].sort(),
    )
    expect(rows().filter((r) => r.status === 'expired')).toHaveLength(2)
  })
})

describe('one-click unsubscribe', () => {
  test('turns off only that kind, for only that person, without signing in', async () => {
    const [p, other] = people
    const token = unsubscribeToken(p.userId, 'survey_open')
    // Opening the link changes nothing (mail scanners open links).
    expect((await load(unsubscribePage, null, `/unsubscribe/${token}`, { token })).status).toBe(200)
    expect(getReminderPrefs(p.userId).kinds.survey_open).toBe(true)
    // The RFC 8058 POST does.
    const done = await post(
      unsubscribePage,
      null,
      `/unsubscribe/${token}`,
      { token },
      {
        'List-Unsubscribe': 'One-Click',
      },
    )
    expect(done.status).toBe(200)
    expect(getReminderPrefs(p.userId).kinds).toEqual({
      meeting_tomorrow: true,
      survey_open: false,
      survey_closing: true,
    })
    expect(getReminderPrefs(other.userId).kinds.survey_open).toBe(true)
    // The planner no longer queues that kind for them.
    const { sent, transport } = recorder()
    await runScheduler({ now: DUE, transport })
    expect(rows().map((r) => r.dedupeKey)).not.toContain(`${p.userId}:survey_open:2`)
    expect(rows().map((r) => r.dedupeKey)).toContain(`${p.userId}:meeting_tomorrow:2`)
    expect(sent).toHaveLength(3)
  })

  test('a message queued before the unsubscribe is cancelled, not sent', async () => {
    const [p] = people
    await runScheduler({ now: DUE, transport: null })
    const token = unsubscribeToken(p.userId, 'meeting_tomorrow')
    await post(unsubscribePage, null, `/unsubscribe/${token}`, { token }, { 'List-Unsubscribe': 'One-Click' })
    const { sent, transport } = recorder()
    const result = await runScheduler({ now: DUE, transport })
    expect(result).toMatchObject({ sent: 3, cancelled: 1 })
    expect(
      sent.some((m) => m.to === rows().find((r) => r.userId === p.userId)!.recipient && /tomorrow/.test(m.subject)),
    ).toBe(false)
  })

  test('a message queued for someone who then withdrew is cancelled, not sent', async () => {
    const [p] = people
    await runScheduler({ now: DUE, transport: null })
    getDb().update(participants).set({ status: 'withdrawn' }).where(eq(participants.id, p.participantId)).run()
    const { sent, transport } = recorder()
    expect(await runScheduler({ now: DUE, transport })).toMatchObject({ sent: 2, cancelled: 2 })
    expect(
      rows()
        .filter((r) => r.userId === p.userId)
        .map((r) => r.status),
    ).toEqual(['cancelled', 'cancelled'])
    expect(sent).toHaveLength(2)
  })

  test('a token altered to another kind or person is refused', async () => {
    const [p, other] = people
    const token = unsubscribeToken(p.userId, 'survey_open')
    for (const bad of [
      token.replace('survey_open', 'survey_closing'),
      token.replace(`${p.userId}.`, `${other.userId}.`),
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
    ]) {
      const o = await post(unsubscribePage, null, `/unsubscribe/${bad}`, { token: bad }, {})
      expect(o.status).toBe(404)
    }
    expect(getReminderPrefs(p.userId).kinds.survey_open).toBe(true)
    expect(getReminderPrefs(other.userId).kinds.survey_open).toBe(true)
  })
})

describe('the preferences form', () => {
  test('refuses a time that is not a time, with 400, keeping what was typed, writing nothing', async () => {
    const [p] = people
    const typed = { meeting_tomorrow: 'on', sendAt: '25:61', quietStart: '21:00', quietEnd: '08:00' }
    const o = await post(prefsPage, { id: p.userId }, '/account/reminders', {}, typed)
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.sendAt).toEqual(['reminders.prefs.badTime'])
    expect(typedValuesOf(o.data)).toMatchObject(typed)
    expect(getReminderPrefs(p.userId).sendAt).toBe('18:00')
    expect(getReminderPrefs(p.userId).kinds.survey_open).toBe(true)
  })

  test('refuses a send time inside the quiet hours', async () => {
    const [p] = people
    const o = await post(
      prefsPage,
      { id: p.userId },
      '/account/reminders',
      {},
      {
        sendAt: '22:30',
        quietStart: '21:00',
        quietEnd: '08:00',
      },
    )
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).fieldErrors.sendAt).toEqual(['reminders.prefs.inQuiet'])
  })

  test('saves kinds, time and quiet hours; the planner then uses them', async () => {
    const [p] = people
    const o = await post(
      prefsPage,
      { id: p.userId },
      '/account/reminders',
      {},
      {
        meeting_tomorrow: 'on',
        sendAt: '09:15',
        quietStart: '22:00',
        quietEnd: '07:00',
      },
    )
    expect(o.status).toBe(302)
    expect(getReminderPrefs(p.userId)).toMatchObject({
      kinds: { meeting_tomorrow: true, survey_open: false, survey_closing: false },
      sendAt: '09:15',
      quietStart: '22:00',
      quietEnd: '07:00',
      staffAlerts: false,
    })
    // 09:15 EDT on Sep 7 = 13:15Z: their "meeting tomorrow" is due then, not at 18:00.
    const { transport } = recorder()
    await runScheduler({ now: new Date('2026-09-07T13:15:00Z'), transport })
    expect(rows().map((r) => r.dedupeKey)).toEqual([`${p.userId}:meeting_tomorrow:2`])
  })
})
