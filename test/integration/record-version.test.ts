import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { participants } from '#db/schema'
import { getDb } from '~/db.server'
import { claimVersion, StaleRecordError } from '~/domain/record-version.server'
import { createTestCohort, createUser, enrolTestParticipant } from '../support/factories'

/** The version check every editable record's save goes through (ADR 013), on a real SQLite file. */
describe('claimVersion', () => {
  async function aParticipant() {
    const coordinator = await createUser('coordinator')
    const cohortId = createTestCohort({ actorId: coordinator.id })
    return enrolTestParticipant(cohortId, coordinator.id).id
  }
  const versionOf = (id: number) =>
    getDb().select({ v: participants.version }).from(participants).where(eq(participants.id, id)).get()!.v

  test('a save from the current version bumps it; a second save from the same version is refused', async () => {
    const id = await aParticipant()
    const db = getDb()
    expect(versionOf(id)).toBe(1)
    expect(db.transaction((tx) => claimVersion(tx, participants, 'participant', id, 1))).toBe(2)
    expect(versionOf(id)).toBe(2)
    expect(() => db.transaction((tx) => claimVersion(tx, participants, 'participant', id, 1))).toThrow(StaleRecordError)
    expect(versionOf(id)).toBe(2)
  })

  test('a refused claim rolls back what the transaction wrote before it', async () => {
    const id = await aParticipant()
    const db = getDb()
    expect(() =>
      db.transaction((tx) => {
        tx.update(participants).set({ contactPhone: '555-0100' }).where(eq(participants.id, id)).run()
        claimVersion(tx, participants, 'participant', id, 7)
      }),
    ).toThrow(StaleRecordError)
    expect(db.select().from(participants).where(eq(participants.id, id)).get()!.contactPhone).toBeNull()
  })

  test('creating a record: version 0 means "none yet"; anything else for a missing row is a conflict', () => {
    const db = getDb()
    expect(db.transaction((tx) => claimVersion(tx, participants, 'participant', null, 0))).toBe(1)
    expect(() => db.transaction((tx) => claimVersion(tx, participants, 'participant', null, 3))).toThrow(
      StaleRecordError,
    )
  })
})
