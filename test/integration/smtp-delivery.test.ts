import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { outbox, users } from '#db/schema'
import { getDb } from '~/db.server'
import { parseEnv } from '~/env.server'
import { claimNext } from '~/domain/outbox.server'
import { smtpTransport, type MailTransport } from '~/mail/transport.server'
import { unsubscribeToken } from '~/mail/unsubscribe.server'
import { runScheduler } from '~/scheduler.server'
import { createTestCohort, createUser, enrolTestParticipant, participantUser } from '../support/factories'
import { groupOf, placeIn } from './route-helpers'

/**
 * Reminders through a real SMTP conversation (issue 13, "Done when"): nodemailer talks to an SMTP
 * server that this test starts (the `smtp-server` package) on a local port; what arrives is read
 * back and checked: each reminder once, even when a scheduler dies mid-run; To, Subject, the
 * body's language and the List-Unsubscribe headers.
 */
type Received = { to: string; headers: Map<string, string>; subject: string; text: string }

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) to text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    )
}

function parseMessage(raw: string, to: string): Received {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const headers = new Map<string, string>()
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':')
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim())
  }
  let body = raw.slice(split + 4)
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase()
  if (encoding === 'quoted-printable')
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8')
  else if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  return { to, headers, subject: decodeWords(headers.get('subject') ?? ''), text: body.replace(/\r\n/g, '\n') }
}

describe('reminders through a real SMTP server', () => {
  const received: Received[] = []
  let server: SMTPServer
  let transport: MailTransport
  const people: { userId: number; locale: 'en' | 'es' }[] = []

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('end', () => {
          const to = session.envelope.rcptTo[0].address
          received.push(parseMessage(Buffer.concat(chunks).toString('latin1'), to))
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.server.address() as AddressInfo).port
    const settings = parseEnv({
      ...process.env,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Weekly Groups <groups@example.test>',
    })
    transport = (await smtpTransport(settings))!

    const coordinator = await createUser('coordinator')
    const cohort = createTestCohort({ actorId: coordinator.id })
    for (const locale of ['en', 'es'] as const) {
      const { id } = enrolTestParticipant(cohort, coordinator.id, false)
      placeIn(id, groupOf(cohort, 'mrocc').id)
      const user = await participantUser(id)
      getDb().update(users).set({ locale }).where(eq(users.id, user.id)).run()
      people.push({ userId: user.id, locale })
    }
  })

  afterAll(async () => {
    transport?.close?.()
    if (server) await new Promise<void>((resolve) => server.close(resolve))
  })

  test('each reminder arrives once, in its language, with its unsubscribe headers, across a restart', async () => {
    const due = new Date('2026-09-07T22:00:00Z')
    // A first scheduler queues the four reminders, claims one and dies before sending it.
    await runScheduler({ now: due, transport: null })
    const orphan = claimNext('died-mid-run', due)!
    // Restarted: the other three are sent; after the claim's lease the orphan is sent too.
    await runScheduler({ now: new Date(due.getTime() + 60_000), transport })
    await runScheduler({ now: new Date(due.getTime() + 6 * 60_000), transport })
    await runScheduler({ now: new Date(due.getTime() + 7 * 60_000), transport })

    const rows = getDb().select().from(outbox).all()
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent'])
    expect(received).toHaveLength(4)
    expect(new Set(received.map((m) => m.headers.get('message-id'))).size).toBe(4)
    expect(received.filter((m) => m.headers.get('message-id') === `<outbox-${orphan.id}@localhost>`)).toHaveLength(1)

    for (const row of rows) {
      const mail = received.find((m) => m.headers.get('message-id') === `<outbox-${row.id}@localhost>`)!
      expect(mail.to).toBe(row.recipient)
      expect(mail.headers.get('to')).toContain(row.recipient)
      expect(mail.subject).toBe(row.subject)
      expect(mail.headers.get('from')).toContain('groups@example.test')
      const kind = row.kind as 'meeting_tomorrow' | 'survey_open'
      expect(mail.headers.get('list-unsubscribe')).toBe(
        `<http://localhost:3000/unsubscribe/${unsubscribeToken(row.userId, kind)}>`,
      )
      expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
      const person = people.find((p) => p.userId === row.userId)!
      if (person.locale === 'es') {
        expect(mail.text).toMatch(/Hola:/)
        expect(mail.text).toMatch(/Para dejar de recibir recordatorios como este/)
      } else {
        expect(mail.text).toMatch(/Hello,/)
        expect(mail.text).toMatch(/To stop reminders like this one/)
      }
    }
    expect(received.map((m) => m.subject).sort()).toEqual(
      [
        'Su grupo se reúne mañana',
        'Sus preguntas semanales ya están disponibles',
        'Your group meets tomorrow',
        'Your weekly check-in questions are ready',
      ].sort(),
    )
  })
})
