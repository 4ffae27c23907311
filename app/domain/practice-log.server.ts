import { and, eq, gte } from 'drizzle-orm'
import { practiceLogs } from '#db/schema'
import { getDb } from '~/db.server'
import { DUPLICATE_TAP_MS, repeatedEntry } from './practice-entry'

export type PracticeEntry = { practiceSlug: string; date: string; minutes: number }

/**
 * Logs a practice once: the same entry again within a minute (a second tap, a resent form) is the
 * first one (`repeatedEntry`), not a new row. Checked and written in one transaction.
 */
export function logPractice(participantId: number, entry: PracticeEntry, now = new Date()) {
  return getDb().transaction((tx) => {
    const recent = tx
      .select()
      .from(practiceLogs)
      .where(
        and(
          eq(practiceLogs.participantId, participantId),
          gte(practiceLogs.createdAt, new Date(now.getTime() - DUPLICATE_TAP_MS).toISOString()),
        ),
      )
      .all()
    const repeated = repeatedEntry(recent, entry, now)
    if (repeated) return { id: repeated.id, repeated: true }
    const id = tx
      .insert(practiceLogs)
      .values({ participantId, ...entry, createdAt: now.toISOString() })
      .returning({ id: practiceLogs.id })
      .get().id
    return { id, repeated: false }
  })
}

/** Logs a practice (once: see `logPractice`); the entry's id. */
export function addPractice(participantId: number, entry: PracticeEntry) {
  return logPractice(participantId, entry).id
}

/** Updates or deletes only the participant's own entry; false when it is not theirs. */
export function updatePractice(participantId: number, logId: number, entry: PracticeEntry): boolean {
  return (
    getDb()
      .update(practiceLogs)
      .set(entry)
      .where(and(eq(practiceLogs.id, logId), eq(practiceLogs.participantId, participantId)))
      .run().changes === 1
  )
}

export function deletePractice(participantId: number, logId: number): boolean {
  return (
    getDb()
      .delete(practiceLogs)
      .where(and(eq(practiceLogs.id, logId), eq(practiceLogs.participantId, participantId)))
      .run().changes === 1
  )
}
