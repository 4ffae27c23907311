import { eq } from 'drizzle-orm'
import { programmeSettings } from '#db/schema'
import { getDb } from '~/db.server'

export type ProgrammeSettings = typeof programmeSettings.$inferSelect

export function ensureProgrammeSettings() {
  getDb().insert(programmeSettings).values({ id: 1 }).onConflictDoNothing().run()
}

export function getProgrammeSettings(): ProgrammeSettings {
  ensureProgrammeSettings()
  return getDb().select().from(programmeSettings).where(eq(programmeSettings.id, 1)).get()!
}

export function updateProgrammeSettings(values: Partial<Omit<ProgrammeSettings, 'id'>>) {
  ensureProgrammeSettings()
  getDb().update(programmeSettings).set(values).where(eq(programmeSettings.id, 1)).run()
}
