import { and, eq } from 'drizzle-orm'
import { practiceLogs } from '#db/schema'
import { getDb } from '~/db.server'

export type PracticeEntry = { practiceSlug: string; date: string; minutes: number }

export function addPractice(participantId: number, entry: PracticeEntry) {
  return getDb()
    .insert(practiceLogs)
    .values({ participantId, ...entry })
    .returning({ id: practiceLogs.id })
    .get().id
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
