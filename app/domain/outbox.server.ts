import { and, desc, eq, lt, lte, sql } from 'drizzle-orm'
import { outbox, type Locale } from '#db/schema'
import { getDb } from '~/db.server'
import { MAX_ATTEMPTS, retryDelayMs } from './reminders'

/**
 * The outbox (issue 13): every message is written here first, then sent by the scheduler. State
 * lives only in this table, so a restart resumes where it stopped. Each step is one statement,
 * so two schedulers (two processes, or two ticks) never both take the same row.
 */
export type OutboxRow = typeof outbox.$inferSelect

export type NewMessage = {
  channel: 'email' | 'sms'
  kind: string
  userId: number
  dedupeKey: string
  recipient: string
  locale: Locale
  subject: string
  body: string
  headers: Record<string, string>
  sendAt: Date
  expiresAt: Date | null
}

/** Queues a message unless one with its dedupe key was ever queued; true when queued now. */
export function enqueue(message: NewMessage): boolean {
  const { sendAt, expiresAt, ...rest } = message
  const inserted = getDb()
    .insert(outbox)
    .values({
      ...rest,
      status: 'queued',
      nextAttemptAt: sendAt.toISOString(),
      expiresAt: expiresAt?.toISOString() ?? null,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id })
    .all()
  return inserted.length > 0
}

/** Which dedupe keys are already in the outbox (so the planner's output is rendered only once). */
export function existingKeys(keys: readonly string[]): Set<string> {
  if (keys.length === 0) return new Set()
  const found = new Set<string>()
  // SQLite limits bound parameters: ask in slices.
  for (let i = 0; i < keys.length; i += 500) {
    const slice = keys.slice(i, i + 500)
    const rows = getDb()
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(sql`${outbox.dedupeKey} in ${slice}`)
      .all()
    for (const r of rows) found.add(r.key)
  }
  return found
}

/** A claim older than this is taken to be from a sender that died mid-send: queued again. */
export const CLAIM_LEASE_MS = 5 * 60_000

/**
 * Takes the next due message for `sender`, atomically: one UPDATE moves it from queued to
 * sending, so a second sender running the same tick gets another row or none.
 */
export function claimNext(sender: string, now: Date): OutboxRow | null {
  const at = now.toISOString()
  const row = getDb()
    .update(outbox)
    .set({ status: 'sending', claimedBy: sender, claimedAt: at, attempts: sql`${outbox.attempts} + 1` })
    .where(
      and(
        eq(outbox.status, 'queued'),
        eq(
          outbox.id,
          sql`(select id from ${outbox} where status = 'queued' and next_attempt_at <= ${at} and channel = 'email'
               order by next_attempt_at, id limit 1)`,
        ),
      ),
    )
    .returning()
    .get()
  return row ?? null
}

export function markSent(id: number, providerId: string | null, now: Date) {
  getDb()
    .update(outbox)
    .set({ status: 'sent', sentAt: now.toISOString(), providerId, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')))
    .run()
}

/** A failed attempt: again after an exponential backoff, or failed for good after MAX_ATTEMPTS. */
export function markFailed(row: Pick<OutboxRow, 'id' | 'attempts'>, error: string, now: Date) {
  const last = row.attempts >= MAX_ATTEMPTS
  getDb()
    .update(outbox)
    .set({
      status: last ? 'failed' : 'queued',
      lastError: error.slice(0, 500),
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)).toISOString(),
      claimedBy: null,
    })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')))
    .run()
}

/** Not now (quiet hours): back to the queue for `at`, the attempt not counted. */
export function postpone(row: Pick<OutboxRow, 'id'>, at: Date) {
  getDb()
    .update(outbox)
    .set({
      status: 'queued',
      nextAttemptAt: at.toISOString(),
      claimedBy: null,
      attempts: sql`${outbox.attempts} - 1`,
    })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')))
    .run()
}

/** Not at all: the person turned this kind off after it was queued. */
export function cancel(row: Pick<OutboxRow, 'id'>, reason: string) {
  getDb()
    .update(outbox)
    .set({ status: 'cancelled', lastError: reason, claimedBy: null })
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending')))
    .run()
}

/**
 * Housekeeping at the start of a run: claims left by a sender that died are queued again (the
 * message's fixed Message-ID lets mail systems drop the rare duplicate of a message whose send
 * completed just before the crash), and queued messages past their use are marked expired.
 */
export function recoverAndExpire(now: Date): { requeued: number; expired: number } {
  const db = getDb()
  const at = now.toISOString()
  const requeued = db
    .update(outbox)
    .set({ status: 'queued', claimedBy: null, lastError: 'interrupted while sending; queued again' })
    .where(
      and(eq(outbox.status, 'sending'), lt(outbox.claimedAt, new Date(now.getTime() - CLAIM_LEASE_MS).toISOString())),
    )
    .run().changes
  const expired = db
    .update(outbox)
    .set({ status: 'expired' })
    .where(and(eq(outbox.status, 'queued'), lte(outbox.expiresAt, at)))
    .run().changes
  return { requeued, expired }
}

/** The newest messages, for the admin outbox page. */
export function listOutbox(limit = 200): OutboxRow[] {
  return getDb().select().from(outbox).orderBy(desc(outbox.id)).limit(limit).all()
}

export function outboxCounts(): Record<string, number> {
  const rows = getDb()
    .select({ status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .groupBy(outbox.status)
    .all()
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}
