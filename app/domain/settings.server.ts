import { eq } from 'drizzle-orm'
import { programmeSettings } from '#db/schema'
import { getDb } from '~/db.server'

export type ProgrammeSettings = typeof programmeSettings.$inferSelect

export function ensureProgrammeSettings() {
  getDb().insert(programmeSettings).values({ id: 1 }).onConflictDoNothing().run()
}

/** The settings row (created at start-up by ensureProgrammeSettings; created here if missing). */
export function getProgrammeSettings(): ProgrammeSettings {
  const row = getDb().select().from(programmeSettings).where(eq(programmeSettings.id, 1)).get()
  if (row) return row
  ensureProgrammeSettings()
  return getProgrammeSettings()
}

export function updateProgrammeSettings(values: Partial<Omit<ProgrammeSettings, 'id'>>) {
  ensureProgrammeSettings()
  getDb().update(programmeSettings).set(values).where(eq(programmeSettings.id, 1)).run()
}
