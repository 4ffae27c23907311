import { eq } from 'drizzle-orm'
import { programmeSettings } from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb, type DB } from '~/db.server'

export type ProgrammeSettings = typeof programmeSettings.$inferSelect

export function ensureProgrammeSettings() {
  getDb().insert(programmeSettings).values({ id: 1 }).onConflictDoNothing().run()
}

/** Read on most pages: the query is built and prepared once per connection. */
const prepared = new WeakMap<DB, ReturnType<typeof prepareSettingsQuery>>()
const prepareSettingsQuery = (db: DB) =>
  db.select().from(programmeSettings).where(eq(programmeSettings.id, 1)).prepare()
function settingsQuery(db: DB) {
  let query = prepared.get(db)
  if (!query) prepared.set(db, (query = prepareSettingsQuery(db)))
  return query
}

/** The settings row (created at start-up by ensureProgrammeSettings; created here if missing). */
export function getProgrammeSettings(): ProgrammeSettings {
  const row = settingsQuery(getDb()).get()
  if (row) return row
  ensureProgrammeSettings()
  return getProgrammeSettings()
}

export function updateProgrammeSettings(values: Partial<Omit<ProgrammeSettings, 'id'>>, actorId: number) {
  ensureProgrammeSettings()
  getDb().transaction((tx) => {
    tx.update(programmeSettings).set(values).where(eq(programmeSettings.id, 1)).run()
    audit({ actorId, action: 'settings.update', entity: 'programme_settings', entityId: 1 }, tx)
  })
}
