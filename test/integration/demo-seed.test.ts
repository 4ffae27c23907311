import { count } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { auditLog, cohorts, groups, meetings, participants, users } from '#db/schema'
import { contentLessons, seedDemoProgramme } from '~/demo/seed.server'
import { getDb } from '~/db.server'
import { useFreshDatabase } from '../support/fresh-database'

const NOW = new Date('2026-11-23T15:00:00Z')
const rows = (table: typeof cohorts | typeof groups | typeof participants | typeof users | typeof meetings) =>
  getDb().select({ n: count() }).from(table).get()!.n

describe('the demo seed', () => {
  beforeEach(() => {
    useFreshDatabase()
  })

  it('builds the demo programme in a fresh database', async () => {
    expect(await seedDemoProgramme(contentLessons, NOW)).toBe(true)
    expect(rows(cohorts)).toBe(2)
    expect(rows(groups)).toBe(4)
    expect(rows(participants)).toBe(42)
    expect(rows(users)).toBe(7 + 42) // 7 staff (admin, data manager, coordinator, supervisor, 3 facilitators) + participants
    expect(rows(meetings)).toBeGreaterThan(0)
    // Written through the domain functions: their audit entries are there too.
    const actions = new Set(
      getDb()
        .select({ action: auditLog.action })
        .from(auditLog)
        .all()
        .map((a) => a.action),
    )
    for (const action of ['cohort.create', 'participant.enrol', 'allocation.reveal', 'meeting.create']) {
      expect(actions).toContain(action)
    }
  })

  it('leaves no demo rows when it fails part-way', async () => {
    const failing: typeof contentLessons = (arm, week) => {
      if (week === 5) throw new Error('content went away mid-seed')
      return contentLessons(arm, week)
    }
    await expect(seedDemoProgramme(failing, NOW)).rejects.toThrow('content went away mid-seed')
    for (const table of [cohorts, groups, participants, users, meetings]) expect(rows(table)).toBe(0)
    expect(getDb().select({ n: count() }).from(auditLog).get()!.n).toBe(0)
    // …and the next start seeds it properly.
    expect(await seedDemoProgramme(contentLessons, NOW)).toBe(true)
    expect(rows(cohorts)).toBe(2)
  })

  it('does not seed twice', async () => {
    expect(await seedDemoProgramme(contentLessons, NOW)).toBe(true)
    expect(await seedDemoProgramme(contentLessons, NOW)).toBe(false)
    expect(rows(cohorts)).toBe(2)
    expect(rows(participants)).toBe(42)
  })
})
