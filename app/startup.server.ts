import { seedDemoProgramme } from '#db/seed'
import { findLessonMeta } from './content/content.server'
import { getDb } from './db.server'
import { env } from './env.server'
import { ensureProgrammeSettings } from './domain/settings.server'

/** Runs once per process before serving: migrate, ensure settings, seed the demo if new. */
export async function prepareDatabase() {
  const settings = env()
  getDb()
  if (settings.APP_MODE === 'demo' && settings.NODE_ENV !== 'test') {
    const seeded = await seedDemoProgramme((arm, week) => {
      const lesson = findLessonMeta(arm, week)
      return lesson ? { slug: lesson.slug, hash: lesson.hash, fidelityIds: lesson.fidelity.map((f) => f.id) } : null
    })
    if (seeded) console.log('Demo programme created: sign in with the accounts listed in README.md')
  }
  ensureProgrammeSettings()
}
