import { describe, expect, test } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { auditLog, fidelityAuditVersions, fidelityAudits, fidelitySamples, fidelitySettings } from '#db/schema'
import { findLessonMeta } from '~/content/content.server'
import { getDb } from '~/db.server'
import { listQueue } from '~/domain/audit-queue.server'
import { saveMeeting } from '~/domain/meetings.server'
import * as auditRoute from '~/routes/meetings.$meetingId.audit'
import * as feedbackRoute from '~/routes/meetings.$meetingId.feedback'
import * as recordingRoute from '~/routes/meetings.$meetingId.recording'
import * as groupsRoute from '~/routes/groups._index'
import * as queueRoute from '~/routes/fidelity._index'
import * as reportsRoute from '~/routes/fidelity.reports'
import { errorsOf, groupOf, load, loaderData, outcome, post, typedValuesOf } from './route-helpers'
import { createTestCohort, createUser, requestAs } from '../support/factories'

type Arm = 'mrocc' | 'recovery_support'

async function setup(arm: Arm = 'mrocc', week = 5) {
  const coordinator = await createUser('coordinator')
  const lead = await createUser('facilitator')
  const otherLead = await createUser('facilitator')
  const supervisor = await createUser('supervisor')
  const second = await createUser('supervisor')
  const cohortId = createTestCohort({
    actorId: coordinator.id,
    facilitators: { [arm]: [lead.id], [arm === 'mrocc' ? 'recovery_support' : 'mrocc']: [otherLead.id] },
  })
  const lesson = findLessonMeta(arm, week)!
  const groupId = groupOf(cohortId, arm).id
  const meetingId = saveMeeting(
    {
      version: 0,
      groupId,
      week,
      scheduledAt: '2026-09-29T22:00:00.000Z',
      status: 'held',
      checkinMinutes: 30,
      groupMinutes: 60,
      notes: null,
      lesson: { slug: lesson.slug, hash: lesson.hash },
      facilitatorIds: [lead.id],
      attendance: [],
      fidelity: Object.fromEntries(lesson.fidelity.map((f, i) => [f.id, i > 0])),
    },
    lead.id,
  )
  return { supervisor, second, lead, otherLead, lesson, meetingId, groupId, cohortId }
}

type Lesson = NonNullable<ReturnType<typeof findLessonMeta>>

function auditForm(lesson: Lesson, opts: { version: number; item?: string; domain?: string; comments?: string }) {
  const form: Record<string, string | string[]> = {
    intent: 'save',
    version: String(opts.version),
    comments: opts.comments ?? 'Clear anchor choices offered.',
  }
  lesson.fidelity.forEach((f, i) => {
    form[`items[${i}].itemId`] = f.id
    form[`items[${i}].rating`] = i === 0 ? '0' : (opts.item ?? '2')
  })
  lesson.competence.forEach((d, i) => {
    form[`domains[${i}].domainId`] = d.id
    form[`domains[${i}].rating`] = opts.domain ?? '4'
  })
  form.proscribed = [lesson.proscribed[0].id]
  return form
}

const url = (id: number) => `/meetings/${id}/audit`
const params = (id: number) => ({ meetingId: String(id) })
const auditsOf = (meetingId: number) =>
  getDb().select().from(fidelityAudits).where(eq(fidelityAudits.meetingId, meetingId)).all()

describe('fidelity audit: rating, editing, versions', () => {
  test('a supervisor rates a held session on the lesson’s own domains; adherence, competence and agreement shown', async () => {
    const { supervisor, lesson, meetingId } = await setup()
    const saved = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 0 }),
    )
    expect(saved).toMatchObject({ status: 302, location: url(meetingId) })
    const [row] = auditsOf(meetingId)
    expect(row.proscribedObserved).toEqual([lesson.proscribed[0].id])
    expect(Object.keys(row.domainRatings)).toEqual(lesson.competence.map((c) => c.id))
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, 'fidelity_audit.create')).all()).toHaveLength(1)

    const data = await loaderData<Awaited<ReturnType<typeof auditRoute.loader>>>(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
    )
    const n = lesson.fidelity.length
    expect(data.audits[0].ratings).toMatchObject({
      adherence: Math.round(((2 * (n - 1)) / (2 * n)) * 100),
      competence: 4,
      agreement: 100, // the facilitator ticked all but the first item, the rater agreed
      proscribed: [lesson.proscribed[0].text],
    })
    expect(data.scale.max).toBe(6) // M-ROCC: 1–6
    expect(data.mine).toMatchObject({ version: 1, released: false })
  })

  test('an edit by the rater is versioned: the previous version is kept and the changed fields logged', async () => {
    const { supervisor, lesson, meetingId } = await setup()
    await post(auditRoute, supervisor, url(meetingId), params(meetingId), auditForm(lesson, { version: 0 }))
    const edited = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 1, domain: '5', comments: 'Revised after a second listen.' }),
    )
    expect(edited.status).toBe(302)
    const rows = auditsOf(meetingId)
    expect(rows).toHaveLength(1) // one audit per rater per session
    expect(rows[0]).toMatchObject({ version: 2, comments: 'Revised after a second listen.' })
    const versions = getDb()
      .select()
      .from(fidelityAuditVersions)
      .where(eq(fidelityAuditVersions.auditId, rows[0].id))
      .all()
    expect(versions).toEqual([
      expect.objectContaining({
        version: 1,
        comments: 'Clear anchor choices offered.',
        domainRatings: expect.any(Object),
      }),
    ])
    expect(Object.values(versions[0].domainRatings)).toEqual(lesson.competence.map(() => 4))
    const log = getDb().select().from(auditLog).where(eq(auditLog.action, 'fidelity_audit.update')).get()!
    expect(log.detail).toContain('version=2')
    expect(log.detail).toContain(`domain:${lesson.competence[0].id}`)
    expect(log.detail).toContain('comments')
  })

  test('a stale edit is refused with 409, keeps what was typed, and writes nothing', async () => {
    const { supervisor, lesson, meetingId } = await setup()
    await post(auditRoute, supervisor, url(meetingId), params(meetingId), auditForm(lesson, { version: 0 }))
    await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 1, domain: '5' }),
    )
    const stale = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 1, domain: '2', comments: 'From the old tab.' }),
    )
    expect(stale.status).toBe(409)
    expect(typedValuesOf(stale.data).comments).toBe('From the old tab.')
    const conflict = (stale.data as { conflict: { version: number; changes: { field: string }[] } }).conflict
    expect(conflict.version).toBe(2)
    expect(conflict.changes.map((c) => c.field)).toContain(`domain:${lesson.competence[0].id}`)
    const [row] = auditsOf(meetingId)
    expect(row.version).toBe(2)
    expect(Object.values(row.domainRatings)).toEqual(lesson.competence.map(() => 5))
    // a second "new" audit from an old form (version 0) is a conflict too, not a duplicate
    const fresh = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 0 }),
    )
    expect(fresh.status).toBe(409)
    expect(auditsOf(meetingId)).toHaveLength(1)
  })

  test('an incomplete or out-of-scale rating is refused with messages and writes nothing', async () => {
    const { supervisor, lesson, meetingId } = await setup()
    const form: Record<string, string> = { intent: 'save', version: '0', comments: 'Kept when refused.' }
    lesson.fidelity.forEach((f, i) => (form[`items[${i}].itemId`] = f.id))
    form['items[0].rating'] = '7'
    lesson.competence.forEach((d, i) => (form[`domains[${i}].domainId`] = d.id))
    const reply = await post(auditRoute, supervisor, url(meetingId), params(meetingId), form)
    expect(reply.status).toBe(400)
    const { fieldErrors } = errorsOf(reply.data)
    expect(fieldErrors['items[0].rating']).toEqual(['Rate this item.'])
    expect(fieldErrors['domains[0].rating']).toBeTruthy()
    expect(typedValuesOf(reply.data).comments).toBe('Kept when refused.')

    const tooHigh = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 0, domain: '7' }),
    )
    expect(tooHigh.status).toBe(400)
    expect(errorsOf(tooHigh.data).fieldErrors['domains[0].rating']).toEqual(['Rate this domain from 1 to 6.'])
    expect(auditsOf(meetingId)).toHaveLength(0)
  })

  test('Recovery Support is rated on its own 1–5 scale', async () => {
    const { supervisor, lesson, meetingId } = await setup('recovery_support', 13)
    const six = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 0, domain: '6' }),
    )
    expect(six.status).toBe(400)
    expect(errorsOf(six.data).fieldErrors['domains[0].rating']).toEqual(['Rate this domain from 1 to 5.'])
    const five = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 0, domain: '5' }),
    )
    expect(five.status).toBe(302)
  })

  test('a second rater does not see the first rater’s ratings until they have saved their own', async () => {
    const { supervisor, second, lesson, meetingId } = await setup()
    await post(auditRoute, supervisor, url(meetingId), params(meetingId), auditForm(lesson, { version: 0 }))
    const before = await loaderData<Awaited<ReturnType<typeof auditRoute.loader>>>(
      auditRoute,
      second,
      url(meetingId),
      params(meetingId),
    )
    expect(before.audits[0]).toMatchObject({ ratings: null })
    expect(before.mine).toBeNull()
    await post(auditRoute, second, url(meetingId), params(meetingId), auditForm(lesson, { version: 0, item: '1' }))
    const after = await loaderData<Awaited<ReturnType<typeof auditRoute.loader>>>(
      auditRoute,
      second,
      url(meetingId),
      params(meetingId),
    )
    expect(after.audits.every((a) => a.ratings !== null)).toBe(true)
    expect(auditsOf(meetingId)).toHaveLength(2)
  })
})

describe('release and feedback', () => {
  test('released feedback is read-only; the facilitator sees only released feedback on their own groups and acknowledges it', async () => {
    const { supervisor, second, lead, otherLead, lesson, meetingId, groupId } = await setup()
    await post(auditRoute, supervisor, url(meetingId), params(meetingId), auditForm(lesson, { version: 0 }))
    const fbUrl = `/meetings/${meetingId}/feedback`

    // before release: nothing on the feedback page, the group page or the session screen
    const none = await loaderData<Awaited<ReturnType<typeof feedbackRoute.loader>>>(
      feedbackRoute,
      lead,
      fbUrl,
      params(meetingId),
    )
    expect(none.feedback).toEqual([])
    const groupsPage = await loaderData<Awaited<ReturnType<typeof groupsRoute.loader>>>(groupsRoute, lead, '/groups')
    expect(groupsPage.feedback).toEqual([])
    const [row] = auditsOf(meetingId)
    const early = await post(feedbackRoute, lead, fbUrl, params(meetingId), {
      intent: 'acknowledge',
      auditId: String(row.id),
    })
    expect(early.status).toBe(404)
    expect(auditsOf(meetingId)[0].acknowledgedAt).toBeNull()

    // only the rater releases
    const notTheirs = await post(auditRoute, second, url(meetingId), params(meetingId), {
      intent: 'release',
      version: '1',
    })
    expect(notTheirs.status).toBe(400) // the second supervisor has no audit of their own to release
    const released = await post(auditRoute, supervisor, url(meetingId), params(meetingId), {
      intent: 'release',
      version: '1',
    })
    expect(released).toMatchObject({ status: 302 })
    expect(auditsOf(meetingId)[0].releasedAt).not.toBeNull()

    // after release, the rater can no longer edit it
    const edit = await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 2, domain: '1' }),
    )
    expect(edit.status).toBe(403)
    expect(errorsOf(edit.data).formErrors[0]).toMatch(/released/)
    expect(Object.values(auditsOf(meetingId)[0].domainRatings)).toEqual(lesson.competence.map(() => 4))

    // the facilitator sees it, with the ratings
    const seen = await loaderData<Awaited<ReturnType<typeof feedbackRoute.loader>>>(
      feedbackRoute,
      lead,
      fbUrl,
      params(meetingId),
    )
    expect(seen.feedback).toHaveLength(1)
    expect(seen.feedback[0]).toMatchObject({
      competence: 4,
      comments: 'Clear anchor choices offered.',
      acknowledgedAt: null,
    })
    expect(seen.feedback[0].items[0]).toMatchObject({ text: lesson.fidelity[0].text, rating: 'No', ticked: false })
    const onGroups = await loaderData<Awaited<ReturnType<typeof groupsRoute.loader>>>(groupsRoute, lead, '/groups')
    expect(onGroups.feedback.map((f) => f.groupId)).toEqual([groupId])

    // another group's facilitator sees none of it
    expect((await load(feedbackRoute, otherLead, fbUrl, params(meetingId))).status).toBe(403)
    const otherGroups = await loaderData<Awaited<ReturnType<typeof groupsRoute.loader>>>(
      groupsRoute,
      otherLead,
      '/groups',
    )
    expect(otherGroups.feedback).toEqual([])
    expect(
      (
        await post(feedbackRoute, otherLead, fbUrl, params(meetingId), {
          intent: 'acknowledge',
          auditId: String(row.id),
        })
      ).status,
    ).toBe(403)

    // the facilitator acknowledges it, once
    const ack = await post(feedbackRoute, lead, fbUrl, params(meetingId), {
      intent: 'acknowledge',
      auditId: String(row.id),
      returnTo: '/groups',
    })
    expect(ack).toMatchObject({ status: 302, location: '/groups' })
    expect(auditsOf(meetingId)[0]).toMatchObject({ acknowledgedBy: lead.id })
    const again = await post(feedbackRoute, lead, fbUrl, params(meetingId), {
      intent: 'acknowledge',
      auditId: String(row.id),
    })
    expect(again.status).toBe(409)
    expect(
      getDb().select().from(auditLog).where(eq(auditLog.action, 'fidelity_feedback.acknowledge')).all(),
    ).toHaveLength(1)
  })

  test('a stale release is refused', async () => {
    const { supervisor, lesson, meetingId } = await setup()
    await post(auditRoute, supervisor, url(meetingId), params(meetingId), auditForm(lesson, { version: 0 }))
    await post(
      auditRoute,
      supervisor,
      url(meetingId),
      params(meetingId),
      auditForm(lesson, { version: 1, domain: '5' }),
    )
    const stale = await post(auditRoute, supervisor, url(meetingId), params(meetingId), {
      intent: 'release',
      version: '1',
    })
    expect(stale.status).toBe(409)
    expect(auditsOf(meetingId)[0].releasedAt).toBeNull()
  })
})

describe('the audit queue', () => {
  const sampleRow = (meetingId: number) =>
    getDb().select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get()

  test('a session is drawn once, when first recorded as held, and the draw is logged', async () => {
    const { lead, lesson, meetingId, groupId } = await setup()
    const drawn = sampleRow(meetingId)!
    expect(drawn).toMatchObject({ samplePercent: 20, secondRaterPercent: 20 })
    expect(typeof drawn.sampleDraw).toBe('number')
    const logged = () =>
      getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'fidelity_sample.draw'), eq(auditLog.entityId, String(meetingId))))
        .all()
    expect(logged()).toHaveLength(1)
    expect(logged()[0].detail).toContain(`draw=${drawn.sampleDraw!.toFixed(6)}`)
    // saving the session again (and changing the rate) never draws it again
    getDb().update(fidelitySettings).set({ samplePercent: 100 }).run()
    saveMeeting(
      {
        version: 1,
        groupId,
        week: 5,
        scheduledAt: '2026-09-29T22:00:00.000Z',
        status: 'held',
        checkinMinutes: 30,
        groupMinutes: 60,
        notes: 'edited',
        lesson: { slug: lesson.slug, hash: lesson.hash },
        facilitatorIds: [lead.id],
        attendance: [],
        fidelity: {},
      },
      lead.id,
    )
    expect(sampleRow(meetingId)).toEqual(drawn)
    expect(logged()).toHaveLength(1)
    getDb().update(fidelitySettings).set({ samplePercent: 20 }).run()
  })

  test('a missed session is not drawn; at 100% every held session is sampled and listed in the queue', async () => {
    const { supervisor, lead, groupId } = await setup()
    getDb().update(fidelitySettings).set({ samplePercent: 100, secondRaterPercent: 0 }).run()
    try {
      const base = {
        version: 0,
        groupId,
        scheduledAt: '2026-10-06T22:00:00.000Z',
        checkinMinutes: 30,
        groupMinutes: 60,
        notes: null,
        lesson: null,
        facilitatorIds: [lead.id],
        attendance: [],
        fidelity: {},
      }
      const missed = saveMeeting(
        { ...base, week: 6, status: 'missed', checkinMinutes: null, groupMinutes: null },
        lead.id,
      )
      expect(sampleRow(missed)).toBeUndefined()
      const held = saveMeeting({ ...base, week: 7, status: 'held' }, lead.id)
      expect(sampleRow(held)).toMatchObject({ sampled: true, reason: 'random', secondRater: false })
      expect(listQueue().find((q) => q.meetingId === held)).toMatchObject({ status: 'due', facilitators: [lead.name] })
      const page = await loaderData<Awaited<ReturnType<typeof queueRoute.loader>>>(queueRoute, supervisor, '/fidelity')
      expect(page.queue.some((q) => q.meetingId === held)).toBe(true)
    } finally {
      getDb().update(fidelitySettings).set({ samplePercent: 20, secondRaterPercent: 20 }).run()
    }
  })

  test('a supervisor adds a session by hand; a session is never in the queue twice', async () => {
    const { supervisor, meetingId } = await setup()
    getDb()
      .update(fidelitySamples)
      .set({ sampled: false, reason: null })
      .where(eq(fidelitySamples.meetingId, meetingId))
      .run()
    const added = await post(auditRoute, supervisor, url(meetingId), params(meetingId), { intent: 'enqueue' })
    expect(added.status).toBe(302)
    expect(sampleRow(meetingId)).toMatchObject({ sampled: true, reason: 'manual', addedBy: supervisor.id })
    await post(auditRoute, supervisor, url(meetingId), params(meetingId), { intent: 'enqueue' })
    expect(getDb().select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).all()).toHaveLength(1)
    expect(listQueue().filter((q) => q.meetingId === meetingId)).toHaveLength(1)
  })

  test('the sampling rates are a programme setting, validated and versioned', async () => {
    const { supervisor } = await setup()
    const page = await loaderData<Awaited<ReturnType<typeof queueRoute.loader>>>(queueRoute, supervisor, '/fidelity')
    const v = String(page.settings.version)
    const bad = await post(
      queueRoute,
      supervisor,
      '/fidelity',
      {},
      { version: v, samplePercent: '120', secondRaterPercent: '20' },
    )
    expect(bad.status).toBe(400)
    const ok = await post(
      queueRoute,
      supervisor,
      '/fidelity',
      {},
      { version: v, samplePercent: '15', secondRaterPercent: '25' },
    )
    expect(ok.status).toBe(302)
    expect(getDb().select().from(fidelitySettings).get()).toMatchObject({ samplePercent: 15, secondRaterPercent: 25 })
    const stale = await post(
      queueRoute,
      supervisor,
      '/fidelity',
      {},
      { version: v, samplePercent: '30', secondRaterPercent: '25' },
    )
    expect(stale.status).toBe(409)
    getDb().update(fidelitySettings).set({ samplePercent: 20, secondRaterPercent: 20 }).run()
  })
})

describe('recordings', () => {
  test('a link must be http(s)', async () => {
    const { supervisor, meetingId } = await setup()
    const bad = await post(auditRoute, supervisor, url(meetingId), params(meetingId), {
      intent: 'recording-url',
      recordingUrl: 'javascript:alert(1)',
    })
    expect(bad.status).toBe(400)
    const ok = await post(auditRoute, supervisor, url(meetingId), params(meetingId), {
      intent: 'recording-url',
      recordingUrl: 'https://video.example.org/session/5',
    })
    expect(ok.status).toBe(302)
    expect(getDb().select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get()).toMatchObject({
      recordingUrl: 'https://video.example.org/session/5',
    })
  })

  test('an uploaded file is checked, stored outside the database, and served to supervisors with ranges', async () => {
    const { supervisor, lead, meetingId } = await setup()
    const upload = async (bytes: Uint8Array, type: string) => {
      const body = new FormData()
      body.append('recording', new File([bytes.slice().buffer as ArrayBuffer], 'session.bin', { type }))
      const request = await requestAs(supervisor, url(meetingId), { method: 'POST', body })
      return outcome(() => auditRoute.action({ request, params: params(meetingId), context: {} }))
    }
    const html = await upload(new TextEncoder().encode('<html><body>not audio</body></html>'), 'audio/mpeg')
    expect(html.status).toBe(400)
    expect(errorsOf(html.data).formErrors[0]).toMatch(/not an audio or video recording/)

    const mp3 = new Uint8Array(1000)
    mp3.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]) // "ID3"
    for (let i = 10; i < mp3.length; i++) mp3[i] = i % 256
    const stored = await upload(mp3, 'audio/mpeg')
    expect(stored.status).toBe(302)
    const row = getDb().select().from(fidelitySamples).where(eq(fidelitySamples.meetingId, meetingId)).get()!
    expect(row).toMatchObject({ recordingType: 'audio/mpeg', recordingBytes: 1000, recordingUrl: null })

    const rec = `/meetings/${meetingId}/recording`
    const whole = (await recordingRoute.loader({
      request: await requestAs(supervisor, rec),
      params: params(meetingId),
      context: {},
    })) as Response
    expect(whole.status).toBe(200)
    expect(whole.headers.get('Content-Type')).toBe('audio/mpeg')
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(mp3)
    const part = (await recordingRoute.loader({
      request: await requestAs(supervisor, rec, { headers: { Range: 'bytes=100-199' } }),
      params: params(meetingId),
      context: {},
    })) as Response
    expect(part.status).toBe(206)
    expect(part.headers.get('Content-Range')).toBe('bytes 100-199/1000')
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(mp3.subarray(100, 200))
    expect((await load(recordingRoute, lead, rec, params(meetingId))).status).toBe(403)
  })
})

describe('reports', () => {
  test('a double-rated session gives agreement figures; the report holds no outcomes', async () => {
    const { supervisor, second, lesson, meetingId } = await setup()
    await post(auditRoute, supervisor, url(meetingId), params(meetingId), auditForm(lesson, { version: 0 }))
    await post(auditRoute, second, url(meetingId), params(meetingId), auditForm(lesson, { version: 0, item: '1' }))
    const data = await loaderData<Awaited<ReturnType<typeof reportsRoute.loader>>>(
      reportsRoute,
      supervisor,
      '/fidelity/reports',
    )
    const mrocc = data.arms.find((a) => a.arm === 'mrocc')!
    expect(mrocc.agreement.sessions).toBeGreaterThanOrEqual(1)
    expect(mrocc.agreement.itemPairs).toBeGreaterThanOrEqual(lesson.fidelity.length)
    expect(data.incidents.some((i) => i.item === lesson.proscribed[0].text)).toBe(true)
    expect(JSON.stringify(data)).not.toMatch(/craving|toxicology|outcome"|opioid use/i)
  })
})
