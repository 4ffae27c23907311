import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import {
  cohorts,
  fidelityAudits,
  fidelitySamples,
  fidelitySettings,
  groupFacilitators,
  groups,
  meetingFacilitators,
  meetings,
  users,
  type Arm,
} from '#db/schema'
import { audit } from '~/auth/audit.server'
import { getDb, idList, preparedPerConnection, type DB } from '~/db.server'
import { auditStatus, type AuditStatus } from './audit-queue'
import { drawOnHold, strataOf, type DrawnSoFar } from './audit-sampling'
import { claimVersion } from './record-version.server'

/**
 * The fidelity programme's audit queue (ADR 014): one draw per held session, made inside the
 * transaction that records it as held, reproducible from the stored seed and the session id, and
 * logged; the sampled draws (and sessions a supervisor adds by hand) are the queue.
 */

type Tx = Pick<DB, 'select' | 'insert' | 'update' | 'run'>

export type FidelitySettings = typeof fidelitySettings.$inferSelect

function ensureSettings(tx: Pick<DB, 'insert'>) {
  tx.insert(fidelitySettings).values({ id: 1 }).onConflictDoNothing().run()
}

export function getFidelitySettings(tx: Tx = getDb()): FidelitySettings {
  ensureSettings(tx)
  return tx.select().from(fidelitySettings).where(eq(fidelitySettings.id, 1)).get()!
}

/** The settings as saved now, with who saved them (for a conflict notice). */
export function fidelitySettingsAsSaved() {
  const s = getFidelitySettings()
  const by = s.updatedBy
    ? getDb().select({ name: users.name }).from(users).where(eq(users.id, s.updatedBy)).get()
    : undefined
  return { ...s, updatedByName: by?.name ?? null }
}

/** Changes the rates (never the seed: the draws already made must stay re-derivable). */
export function updateFidelitySettings(
  values: { samplePercent: number; secondRaterPercent: number },
  expectedVersion: number,
  actorId: number,
) {
  getDb().transaction((tx) => {
    ensureSettings(tx)
    claimVersion(tx, fidelitySettings, 'fidelity_settings', 1, expectedVersion)
    tx.update(fidelitySettings)
      .set({ ...values, updatedBy: actorId, updatedAt: new Date().toISOString() })
      .where(eq(fidelitySettings.id, 1))
      .run()
    audit(
      {
        actorId,
        action: 'fidelity_settings.update',
        entity: 'fidelity_settings',
        entityId: 1,
        detail: `sample=${values.samplePercent}% second=${values.secondRaterPercent}%`,
      },
      tx,
    )
  })
}

function facilitatorsOf(tx: Tx, meetingId: number, groupId: number): number[] {
  const own = tx
    .select({ id: meetingFacilitators.userId })
    .from(meetingFacilitators)
    .where(eq(meetingFacilitators.meetingId, meetingId))
    .all()
  if (own.length) return own.map((r) => r.id)
  return tx
    .select({ id: groupFacilitators.userId })
    .from(groupFacilitators)
    .where(eq(groupFacilitators.groupId, groupId))
    .all()
    .map((r) => r.id)
}

/** What is already drawn in the session's facilitator × arm strata and in its arm. */
function drawnSoFar(tx: Tx, arm: Arm, facilitatorIds: number[]): DrawnSoFar {
  const strata: DrawnSoFar['strata'] = {}
  for (const f of facilitatorIds) {
    const c = tx
      .select({
        held: sql<number>`count(*)`,
        sampled: sql<number>`coalesce(sum(${fidelitySamples.sampled}), 0)`,
      })
      .from(fidelitySamples)
      .innerJoin(meetingFacilitators, eq(meetingFacilitators.meetingId, fidelitySamples.meetingId))
      .innerJoin(meetings, eq(meetings.id, fidelitySamples.meetingId))
      .innerJoin(groups, eq(groups.id, meetings.groupId))
      .where(and(eq(meetingFacilitators.userId, f), eq(groups.arm, arm)))
      .get()!
    strata[`${f}|${arm}`] = { held: Number(c.held), sampled: Number(c.sampled) }
  }
  const a = tx
    .select({
      sampled: sql<number>`coalesce(sum(${fidelitySamples.sampled}), 0)`,
      secondRated: sql<number>`coalesce(sum(${fidelitySamples.sampled} and ${fidelitySamples.secondRater}), 0)`,
    })
    .from(fidelitySamples)
    .innerJoin(meetings, eq(meetings.id, fidelitySamples.meetingId))
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .where(eq(groups.arm, arm))
    .get()!
  return { strata, arm: { sampled: Number(a.sampled), secondRated: Number(a.secondRated) } }
}

/**
 * The audit draw for one session, made the first time it is recorded as held (call it inside the
 * transaction that saves the meeting). A session already drawn is never drawn again, whatever
 * happens to the rates later; a session that is not held is not drawn. Logged with the numbers
 * behind the decision. Returns the stored draw, or null when the session is not held.
 */
export function sampleHeldMeeting(tx: Tx, meetingId: number) {
  const m = tx
    .select({ status: meetings.status, groupId: meetings.groupId, arm: groups.arm })
    .from(meetings)
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .where(eq(meetings.id, meetingId))
    .get()
  if (!m || m.status !== 'held') return null
  const existing = tx.select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get()
  if (existing) return existing
  const settings = getFidelitySettings(tx)
  const rates = { sampleRate: settings.samplePercent / 100, secondRaterRate: settings.secondRaterPercent / 100 }
  const facilitatorIds = facilitatorsOf(tx, meetingId, m.groupId)
  const d = drawOnHold(
    { sessionId: meetingId, facilitatorIds, arm: m.arm },
    settings.seed,
    rates,
    drawnSoFar(tx, m.arm, facilitatorIds),
  )
  const row = tx
    .insert(fidelitySamples)
    .values({
      meetingId,
      sampled: d.sampled,
      reason: d.sampled ? (d.how === 'catch-up' ? 'catch-up' : 'random') : null,
      secondRater: d.secondRater,
      sampleDraw: d.sampleDraw,
      secondDraw: d.secondDraw,
      samplePercent: settings.samplePercent,
      secondRaterPercent: settings.secondRaterPercent,
    })
    .returning()
    .get()
  audit(
    {
      actorId: null,
      action: 'fidelity_sample.draw',
      entity: 'meeting',
      entityId: meetingId,
      detail:
        `sampled=${d.sampled} reason=${row.reason ?? '-'} second=${d.secondRater} ` +
        `draw=${d.sampleDraw.toFixed(6)} secondDraw=${d.secondDraw.toFixed(6)} ` +
        `rate=${settings.samplePercent}% secondRate=${settings.secondRaterPercent}% strata=${strataOf({ facilitatorIds, arm: m.arm }).join(',')}`,
    },
    tx,
  )
  return row
}

/** Inside a transaction: puts a held session in the queue by hand, unless it is there already. */
export function enqueueByHand(tx: Tx, meetingId: number, actorId: number, secondRater = false): 'added' | 'already' {
  const existing = tx.select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get()
  if (existing?.sampled) return 'already'
  if (existing)
    tx.update(fidelitySamples)
      .set({ sampled: true, reason: 'manual', addedBy: actorId, secondRater })
      .where(eq(fidelitySamples.meetingId, meetingId))
      .run()
  else
    tx.insert(fidelitySamples)
      .values({ meetingId, sampled: true, reason: 'manual', addedBy: actorId, secondRater })
      .run()
  audit(
    {
      actorId,
      action: 'fidelity_sample.add',
      entity: 'meeting',
      entityId: meetingId,
      detail: `reason=manual second=${secondRater}`,
    },
    tx,
  )
  return 'added'
}

/** A supervisor adds a held session to the queue by hand. 'already' when it is in the queue. */
export function addToQueue(meetingId: number, actorId: number, secondRater = false): 'added' | 'already' | 'not-held' {
  return getDb().transaction((tx) => {
    const m = tx.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, meetingId)).get()
    if (!m || m.status !== 'held') return 'not-held'
    return enqueueByHand(tx, meetingId, actorId, secondRater)
  })
}

export function sampleOf(meetingId: number) {
  return getDb().select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get() ?? null
}

/** The sample rows and audits of some sessions, prepared once per connection (session screen, queue). */
function prepareStatusQueries(db: DB) {
  return {
    samples: db
      .select()
      .from(fidelitySamples)
      .where(inArray(fidelitySamples.meetingId, idList('ids')))
      .prepare(),
    audits: db
      .select({
        meetingId: fidelityAudits.meetingId,
        raterId: fidelityAudits.raterId,
        rater: users.name,
        releasedAt: fidelityAudits.releasedAt,
      })
      .from(fidelityAudits)
      .innerJoin(users, eq(users.id, fidelityAudits.raterId))
      .where(inArray(fidelityAudits.meetingId, idList('ids')))
      .orderBy(fidelityAudits.createdAt)
      .prepare(),
  }
}
const statusQueries = preparedPerConnection(prepareStatusQueries)

/** The audits (rater, released) of these sessions, by session. */
function auditsOf(meetingIds: number[]) {
  const byMeeting = new Map<number, { raterId: number; rater: string; releasedAt: string | null }[]>()
  if (!meetingIds.length) return byMeeting
  const rows = statusQueries().audits.all({ ids: JSON.stringify(meetingIds) })
  for (const r of rows) {
    const list = byMeeting.get(r.meetingId) ?? []
    list.push(r)
    byMeeting.set(r.meetingId, list)
  }
  return byMeeting
}

/** The queue: every sampled (or hand-added) held session, newest first, with its audits and status. */
export function listQueue() {
  const db = getDb()
  const rows = db
    .select({
      meetingId: meetings.id,
      week: meetings.week,
      scheduledAt: meetings.scheduledAt,
      groupId: groups.id,
      groupName: groups.name,
      arm: groups.arm,
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      reason: fidelitySamples.reason,
      secondRater: fidelitySamples.secondRater,
      sampled: fidelitySamples.sampled,
    })
    .from(fidelitySamples)
    .innerJoin(meetings, eq(meetings.id, fidelitySamples.meetingId))
    .innerJoin(groups, eq(groups.id, meetings.groupId))
    .innerJoin(cohorts, eq(cohorts.id, groups.cohortId))
    .where(and(eq(fidelitySamples.sampled, true), eq(meetings.status, 'held')))
    .orderBy(desc(meetings.scheduledAt), meetings.id)
    .all()
  const ids = rows.map((r) => r.meetingId)
  const audits = auditsOf(ids)
  const leaders = new Map<number, string[]>()
  if (ids.length)
    for (const f of db
      .select({ meetingId: meetingFacilitators.meetingId, name: users.name })
      .from(meetingFacilitators)
      .innerJoin(users, eq(users.id, meetingFacilitators.userId))
      .where(inArray(meetingFacilitators.meetingId, ids))
      .all())
      leaders.set(f.meetingId, [...(leaders.get(f.meetingId) ?? []), f.name])
  return rows.map((r) => {
    const a = audits.get(r.meetingId) ?? []
    return {
      ...r,
      facilitators: leaders.get(r.meetingId) ?? [],
      audits: a,
      status: auditStatus(r, a)!,
    }
  })
}

/**
 * For the cohort page and the session screen: whether each session is sampled, its status and
 * who audited it. Sessions neither sampled nor audited are left out.
 */
export function auditStatusOfMeetings(meetingIds: number[]) {
  const out = new Map<number, { sampled: boolean; status: AuditStatus | null; raters: string[] }>()
  if (!meetingIds.length) return out
  const samples = new Map(
    statusQueries()
      .samples.all({ ids: JSON.stringify(meetingIds) })
      .map((s) => [s.meetingId, s]),
  )
  const audits = auditsOf(meetingIds)
  for (const id of meetingIds) {
    const s = samples.get(id)
    const a = audits.get(id) ?? []
    if (!s?.sampled && a.length === 0) continue
    out.set(id, {
      sampled: !!s?.sampled,
      status: auditStatus({ sampled: !!s?.sampled, secondRater: !!s?.secondRater }, a),
      raters: a.map((x) => x.rater),
    })
  }
  return out
}

/** Links a session's recording (a URL), or records the file stored for it; replaces any earlier one. */
export function setRecording(
  meetingId: number,
  recording: { url: string } | { file: string; type: string; bytes: number },
  actorId: number,
): { previousFile: string | null } {
  return getDb().transaction((tx) => {
    const existing = tx.select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get()
    const values =
      'url' in recording
        ? { recordingUrl: recording.url, recordingFile: null, recordingType: null, recordingBytes: null }
        : {
            recordingUrl: null,
            recordingFile: recording.file,
            recordingType: recording.type,
            recordingBytes: recording.bytes,
          }
    if (existing) tx.update(fidelitySamples).set(values).where(eq(fidelitySamples.meetingId, meetingId)).run()
    else
      tx.insert(fidelitySamples)
        .values({ meetingId, sampled: true, reason: 'manual', addedBy: actorId, ...values })
        .run()
    audit(
      {
        actorId,
        action: 'fidelity_recording.set',
        entity: 'meeting',
        entityId: meetingId,
        detail: 'url' in recording ? 'link' : `file type=${recording.type} bytes=${recording.bytes}`,
      },
      tx,
    )
    return { previousFile: existing?.recordingFile ?? null }
  })
}
