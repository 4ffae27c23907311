import os from 'node:os'
import { eq } from 'drizzle-orm'
import { participants, REMINDER_KINDS, users, type ReminderKind } from '#db/schema'
import { indexAuditLog } from './auth/audit.server'
import { getDb } from './db.server'
import { inQuietHours, outOfQuietHours } from './domain/reminders'
import { queueStaffAlertEmails, refreshAlerts } from './domain/alerts.server'
import { getReminderPrefs, queueDueReminders } from './domain/reminders.server'
import { cancel, claimNext, markFailed, markSent, postpone, recoverAndExpire } from './domain/outbox.server'
import { env } from './env.server'
import { smtpTransport, type MailTransport } from './mail/transport.server'

/**
 * The reminder scheduler (issue 13). Each run: file the audit log's new rows by participant
 * (`indexAuditLog`), queue claims left by a dead sender again, expire stale messages, queue the
 * reminders now due (app/domain/reminders.ts decides), bring the staff alerts up to date (and
 * queue alert emails for staff who asked), then send what is due in the outbox, one atomically
 * claimed row at a time. All its state is in the database, so stopping it anywhere and starting
 * it again loses nothing and sends nothing twice.
 */
/** How often staff alerts are derived again from the records. */
export const ALERT_REFRESH_MS = 5 * 60_000
let alertsRefreshedAt: number | null = null

export type RunResult = { queued: number; sent: number; failed: number; postponed: number; cancelled: number }

export async function runScheduler({
  now = new Date(),
  transport,
  sender = `${os.hostname()}:${process.pid}`,
  plan = true,
}: {
  now?: Date
  transport: MailTransport | null
  sender?: string
  plan?: boolean
}): Promise<RunResult> {
  const result: RunResult = { queued: 0, sent: 0, failed: 0, postponed: 0, cancelled: 0 }
  try {
    indexAuditLog()
  } catch (error) {
    // a busy database: filed next run (searches read what is not filed yet), reminders go on now
    console.error('Audit log filing failed:', error instanceof Error ? error.message : error)
  }
  recoverAndExpire(now)
  if (plan) {
    result.queued = queueDueReminders(now)
    // Alerts change with the records, not with the minute: derived again every few minutes.
    if (alertsRefreshedAt === null || Math.abs(now.getTime() - alertsRefreshedAt) >= ALERT_REFRESH_MS) {
      refreshAlerts(now)
      alertsRefreshedAt = now.getTime()
    }
    result.queued += queueStaffAlertEmails(now, env().APP_URL)
  }
  // No SMTP (demo mode): messages stay queued and admins read them at /admin/outbox.
  if (!transport) return result
  const host = new URL(env().APP_URL).hostname || 'localhost'
  for (let row = claimNext(sender, now); row; row = claimNext(sender, now)) {
    if ((REMINDER_KINDS as readonly string[]).includes(row.kind)) {
      const kind = row.kind as ReminderKind
      const prefs = getReminderPrefs(row.userId)
      if (!prefs.kinds[kind]) {
        cancel(row, 'turned off by the recipient after it was queued')
        result.cancelled++
        continue
      }
      const person = getDb()
        .select({ zone: users.timeZone, disabled: users.disabled, status: participants.status })
        .from(users)
        .leftJoin(participants, eq(participants.userId, users.id))
        .where(eq(users.id, row.userId))
        .get()
      if (!person || person.disabled || person.status === 'withdrawn' || person.status === 'completed') {
        cancel(row, 'the recipient is no longer in the programme')
        result.cancelled++
        continue
      }
      const zone = person.zone
      if (inQuietHours(now, zone, prefs)) {
        postpone(row, outOfQuietHours(now, zone, prefs))
        result.postponed++
        continue
      }
    }
    try {
      const { providerId } = await transport.send({
        to: row.recipient,
        subject: row.subject,
        text: row.body,
        // A fixed Message-ID per outbox row: a resend after a crash is recognisably the same message.
        headers: { ...row.headers, 'Message-ID': `<outbox-${row.id}@${host}>` },
      })
      markSent(row.id, providerId, new Date(Math.max(now.getTime(), Date.now())))
      result.sent++
    } catch (error) {
      markFailed(row, error instanceof Error ? error.message : String(error), now)
      result.failed++
    }
  }
  return result
}

declare global {
  var __mroccScheduler: { stop(): void } | undefined
}

/**
 * Starts the scheduler in this process, once (server.js calls it in the cluster's scheduler
 * process, or in the single server process; never in web workers). Runs never overlap. Resolves
 * when the first run is over: true, or false when it does not run here.
 */
export async function startScheduler(): Promise<boolean> {
  const settings = env()
  if (globalThis.__mroccScheduler || settings.REMINDER_SCHEDULER === 'off' || settings.NODE_ENV === 'test') return false
  const transport = await smtpTransport(settings)
  if (!transport)
    console.log(
      settings.APP_MODE === 'demo'
        ? 'Reminders: no SMTP configured, messages stay in the outbox (/admin/outbox).'
        : 'Reminders: no SMTP configured (SMTP_URL or SMTP_HOST); messages are queued but not sent.',
    )
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await runScheduler({ transport })
    } catch (error) {
      console.error('Reminder scheduler run failed:', error instanceof Error ? error.message : error)
    } finally {
      running = false
    }
  }
  const timer = setInterval(tick, settings.REMINDER_INTERVAL_SECONDS * 1000)
  timer.unref()
  globalThis.__mroccScheduler = {
    stop() {
      clearInterval(timer)
      transport?.close?.()
      globalThis.__mroccScheduler = undefined
    },
  }
  await tick()
  return true
}

export function stopScheduler() {
  globalThis.__mroccScheduler?.stop()
}
