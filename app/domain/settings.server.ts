import { and, desc, eq, sql } from 'drizzle-orm'
import { auditLog, programmeSettings, users } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb, preparedPerConnection } from '~/db.server'
import { claimVersion } from './record-version.server'

export type ProgrammeSettings = typeof programmeSettings.$inferSelect

export function ensureProgrammeSettings() {
  getDb().insert(programmeSettings).values({ id: 1 }).onConflictDoNothing().run()
}

/** Read on most pages: the query is built and prepared once per connection. */
const settingsQuery = preparedPerConnection((db) =>
  db.select().from(programmeSettings).where(eq(programmeSettings.id, 1)).prepare(),
)

/** The settings row (created at start-up by ensureProgrammeSettings; created here if missing). */
export function getProgrammeSettings(): ProgrammeSettings {
  const row = settingsQuery().get()
  if (row) return row
  ensureProgrammeSettings()
  return getProgrammeSettings()
}

/**
 * Saves the settings if they are still at `expectedVersion` (the version the form was opened
 * from); otherwise throws StaleRecordError and writes nothing (ADR 013: no silent overwrite).
 * Only callers that edit nobody's form (the demo seed, tests) leave the version out.
 */
export function updateProgrammeSettings(
  values: Partial<Omit<ProgrammeSettings, 'id' | 'version'>>,
  actorId: number,
  expectedVersion?: number,
) {
  ensureProgrammeSettings()
  getDb().transaction((tx) => {
    if (expectedVersion !== undefined) claimVersion(tx, programmeSettings, 'programme_settings', 1, expectedVersion)
    else
      tx.update(programmeSettings)
        .set({ version: sql`${programmeSettings.version} + 1` })
        .where(eq(programmeSettings.id, 1))
        .run()
    tx.update(programmeSettings).set(values).where(eq(programmeSettings.id, 1)).run()
    audit({ actorId, action: 'settings.update', entity: 'programme_settings', entityId: 1 }, tx)
  })
}

/** Who saved the settings last and when (from the audit log), for the conflict notice. */
export function lastSettingsSave(): { savedBy: string | null; savedAt: string | null } {
  const row = getDb()
    .select({ name: users.name, at: auditLog.at })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.action, 'settings.update'), eq(auditLog.entity, 'programme_settings')))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .get()
  return { savedBy: row?.name ?? null, savedAt: row?.at ?? null }
}
