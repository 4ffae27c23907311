import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { auditLog, guideRecordings, type users } from '#db/schema'
import { listGuides } from '~/content/content.server'
import { getDb } from '~/db.server'
import { RECORDING_MAX_BYTES } from '~/domain/audio-type'
import { findRecording, recordingFile, recordingsDir } from '~/domain/recordings.server'
import * as guidePage from '~/routes/me.practice.$slug'
import * as upload from '~/routes/curriculum.practices.$slug_.recordings'
import * as serve from '~/routes/recordings.$slug.$lang'
import { createTestCohort, createUser, enrolTestParticipant, participantUser, requestAs } from '../support/factories'
import { mp3Bytes, uploadRequest } from '../support/recordings'
import { errorsOf, groupOf, loaderData, outcome, placeIn, post, type RouteModule } from './route-helpers'

/**
 * Recorded audio for a guide: staff with 'content:recordings' upload (type checked by its bytes,
 * size limited, nothing left behind on refusal), participants of the guide's arm listen, with
 * byte ranges; everyone else is refused.
 */
type User = typeof users.$inferSelect
let coordinator: User
let admin: User
let supervisor: User
let own: User
let other: User
const slug = () => listGuides('mrocc')[0].slug
const uploadUrl = () => `/curriculum/practices/${slug()}/recordings`
const listenUrl = (lang = 'en') => `/recordings/${slug()}/${lang}`

const send = async (user: User | null, file: Parameters<typeof uploadRequest>[2], lang: string | null = 'en') => {
  const request = await uploadRequest(user, uploadUrl(), file, lang)
  return outcome(() => (upload as RouteModule).action!({ request, params: { slug: slug() }, context: {} }))
}
const listen = async (user: User | null, headers: Record<string, string> = {}, lang = 'en') => {
  const request = await requestAs(user, listenUrl(lang), { headers })
  try {
    return (await serve.loader({ request, params: { slug: slug(), lang }, context: {} })) as Response
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}
const filesOnDisk = () => (fs.existsSync(recordingsDir()) ? fs.readdirSync(recordingsDir()).sort() : [])

beforeAll(async () => {
  coordinator = await createUser('coordinator')
  admin = await createUser('admin')
  supervisor = await createUser('supervisor')
  const cohort = createTestCohort({ actorId: coordinator.id })
  const enrolIn = async (arm: 'mrocc' | 'recovery_support') => {
    const { id } = enrolTestParticipant(cohort, coordinator.id, false)
    placeIn(id, groupOf(cohort, arm).id)
    return participantUser(id)
  }
  own = await enrolIn('mrocc')
  other = await enrolIn('recovery_support')
})

describe('uploading a recording', () => {
  test('a file that is not audio is refused (400) whatever type it declares, and nothing is kept', async () => {
    const before = filesOnDisk()
    const pdf = new TextEncoder().encode('%PDF-1.7 not audio at all')
    const o = await send(coordinator, { bytes: pdf, type: 'audio/mpeg', name: 'x.mp3' })
    expect(o.status).toBe(400)
    expect(errorsOf(o.data).formErrors.join(' ')).toMatch(/not MP3/)
    const declared = await send(coordinator, { bytes: mp3Bytes(), type: 'application/pdf', name: 'x.pdf' })
    expect(declared.status).toBe(400)
    expect(errorsOf(declared.data).formErrors.join(' ')).toMatch(/not an audio file/)
    expect(findRecording(slug(), 'en')).toBeNull()
    expect(filesOnDisk()).toEqual(before)
  })

  test('a missing file or language is a 400 with a reason; the chosen language is sent back', async () => {
    const none = await send(coordinator, null)
    expect(none.status).toBe(400)
    expect(errorsOf(none.data).formErrors).toEqual(['Choose an audio file to upload.'])
    const noLang = await send(coordinator, { bytes: mp3Bytes(), type: 'audio/mpeg' }, null)
    expect(noLang.status).toBe(400)
    expect(errorsOf(noLang.data).formErrors).toEqual(['Choose the language of the recording.'])
  })

  test('a file over the limit is refused with 413 and no partial file is left on disk', async () => {
    const before = filesOnDisk()
    const o = await send(coordinator, { bytes: mp3Bytes(RECORDING_MAX_BYTES + 1), type: 'audio/mpeg' })
    expect(o.status).toBe(413)
    expect(errorsOf(o.data).formErrors.join(' ')).toMatch(/limit is 25 MB/)
    expect(filesOnDisk()).toEqual(before)
    expect(findRecording(slug(), 'en')).toBeNull()
  })

  test('a body sent without Content-Length (chunked) is cut off at the limit, also with 413', async () => {
    const before = filesOnDisk()
    const form = new FormData()
    form.set('lang', 'en')
    form.set('audio', new File([mp3Bytes(RECORDING_MAX_BYTES + 70_000)], 'big.mp3', { type: 'audio/mpeg' }))
    const encoded = new Response(form)
    const type = encoded.headers.get('content-type')!
    const bytes = new Uint8Array(await encoded.arrayBuffer())
    let offset = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close()
        controller.enqueue(bytes.slice(offset, (offset += 64 * 1024)))
      },
    })
    const signedIn = await requestAs(coordinator, uploadUrl())
    const request = new Request(signedIn.url, {
      method: 'POST',
      headers: { Cookie: signedIn.headers.get('Cookie')!, 'Content-Type': type },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(request.headers.get('content-length')).toBeNull()
    const o = await outcome(() => (upload as RouteModule).action!({ request, params: { slug: slug() }, context: {} }))
    expect(o.status).toBe(413)
    expect(filesOnDisk()).toEqual(before)
  })

  test('only admins and coordinators may upload', async () => {
    const file = { bytes: mp3Bytes(), type: 'audio/mpeg' }
    expect((await send(supervisor, file)).status).toBe(403)
    expect((await send(own, file)).status).toBe(403)
    expect((await send(null, file)).status).toBe(302)
    expect(findRecording(slug(), 'en')).toBeNull()
  })

  test('a valid file is stored outside the database under a random name, and the upload is audit-logged', async () => {
    const o = await send(coordinator, { bytes: mp3Bytes(4000), type: 'audio/mpeg', name: 'Breathing take 3.mp3' })
    expect(o.status).toBe(302)
    const rec = findRecording(slug(), 'en')!
    expect(rec).toMatchObject({ mime: 'audio/mpeg', bytes: 4000, uploadedBy: coordinator.id })
    expect(rec.fileName).toMatch(/^[0-9a-f]{32}\.mp3$/)
    expect(fs.readFileSync(recordingFile(rec))).toEqual(Buffer.from(mp3Bytes(4000)))
    const logged = getDb().select().from(auditLog).where(eq(auditLog.entity, 'guide_recording')).all()
    expect(logged.map((l) => l.action)).toContain('recording.upload')
  })

  test('replacing a recording keeps one row and deletes the old file', async () => {
    const old = findRecording(slug(), 'en')!
    const ogg = new Uint8Array(2000)
    ogg.set([0x4f, 0x67, 0x67, 0x53, 0, 2])
    const o = await send(admin, { bytes: ogg, type: 'audio/ogg', name: 'take.ogg' })
    expect(o.status).toBe(302)
    const rows = getDb().select().from(guideRecordings).where(eq(guideRecordings.slug, slug())).all()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ mime: 'audio/ogg', bytes: 2000, uploadedBy: admin.id })
    expect(fs.existsSync(recordingFile(old))).toBe(false)
    expect(filesOnDisk()).toContain(rows[0].fileName)
    // back to an MP3 for the listening tests
    expect((await send(coordinator, { bytes: mp3Bytes(4000), type: 'audio/mpeg' })).status).toBe(302)
    expect(fs.existsSync(recordingFile(rows[0]))).toBe(false)
  })
})

describe('listening to a recording', () => {
  test("a participant of the guide's arm gets the whole file, with Accept-Ranges", async () => {
    const res = await listen(own)
    expect(res.status).toBe(200)
    expect(res.headers.get('Accept-Ranges')).toBe('bytes')
    expect(res.headers.get('Content-Type')).toBe('audio/mpeg')
    expect(res.headers.get('Content-Length')).toBe('4000')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(mp3Bytes(4000))
  })

  test('a range request returns 206 with exactly those bytes', async () => {
    const res = await listen(own, { Range: 'bytes=100-199' })
    expect(res.status).toBe(206)
    expect(res.headers.get('Content-Range')).toBe('bytes 100-199/4000')
    expect(res.headers.get('Content-Length')).toBe('100')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(mp3Bytes(4000).slice(100, 200))
    const tail = await listen(own, { Range: 'bytes=3990-' })
    expect(tail.status).toBe(206)
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(mp3Bytes(4000).slice(3990))
  })

  test('an unsatisfiable range is a 416 that says the size', async () => {
    const res = await listen(own, { Range: 'bytes=5000-6000' })
    expect(res.status).toBe(416)
    expect(res.headers.get('Content-Range')).toBe('bytes */4000')
  })

  test('a participant of the other arm gets 404 (blinding); staff without the permission 403; signed out: sign in', async () => {
    expect((await listen(other)).status).toBe(404)
    expect((await listen(supervisor)).status).toBe(403)
    const anon = await listen(null)
    expect(anon.status).toBe(302)
    expect((await listen(coordinator)).status).toBe(200)
    // no recording in Spanish yet
    expect((await listen(own, {}, 'es')).status).toBe(404)
  })

  test("the guide page's player plays the recording instead of bells and speech", async () => {
    const data = await loaderData<{ player: { recording: { url: string; type: string } | null; steps: unknown[] } }>(
      guidePage as RouteModule,
      own,
      `/me/practice/${slug()}`,
      { slug: slug() },
    )
    expect(data.player.recording).toEqual({ url: listenUrl('en'), type: 'audio/mpeg' })
  })

  test('deleting removes the row and the file', async () => {
    const rec = findRecording(slug(), 'en')!
    const o = await post(
      upload as RouteModule,
      coordinator,
      uploadUrl(),
      { slug: slug() },
      { intent: 'delete', lang: 'en' },
    )
    expect(o.status).toBe(302)
    expect(findRecording(slug(), 'en')).toBeNull()
    expect(fs.existsSync(recordingFile(rec))).toBe(false)
    expect((await listen(own)).status).toBe(404)
  })
})
