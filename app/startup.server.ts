import { contentLessons, seedDemoProgramme } from './demo/seed.server'
import { getDb } from './db.server'
import { env } from './env.server'
import { ensureProgrammeSettings } from './domain/settings.server'

/** Runs once per process before serving: migrate, seed the demo if new, ensure settings. */
export async function prepareDatabase() {
  const settings = env()
  getDb()
  if (settings.APP_MODE === 'demo' && settings.NODE_ENV !== 'test') {
    const seeded = await seedDemoProgramme(contentLessons)
    if (seeded) console.log('Demo programme created: sign in with the accounts listed in README.md')
  }
  ensureProgrammeSettings()
}
