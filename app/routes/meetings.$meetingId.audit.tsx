import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { data as reply } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useRef } from 'react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { DraftNotice, useFormDraft } from '~/components/form-draft'
import { ChoiceField, FormErrors, StatusButton, TextareaField, TextField } from '~/components/forms'
import { RecordConflictNotice, VersionField } from '~/components/record-conflict'
import { ARM_LABEL } from '~/domain/arms'
import { AUDIT_STATUS_LABEL, auditStatus } from '~/domain/audit-queue'
import { addToQueue, setRecording } from '~/domain/audit-queue.server'
import {
  adherencePercent,
  auditDisplayValues,
  auditShapeProblems,
  competenceScale,
  ITEM_RATINGS,
  meanCompetence,
  selfRatingAgreement,
} from '~/domain/fidelity'
import {
  AuditRefusedError,
  auditVersions,
  meetingForAudit,
  ownAudit,
  releaseAudit,
  saveAudit,
} from '~/domain/fidelity.server'
import { recordingUrlProblem } from '~/domain/recording'
import { changedFields } from '~/domain/record-version'
import { StaleRecordError } from '~/domain/record-version.server'
import { RecordingRejectedError, removeRecording, storeRecording } from '~/domain/session-recordings.server'
import { useFormReply } from '~/utils/form-reply'
import { conflict, invalid, parseSubmission, problemsToErrors } from '~/utils/forms.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Fidelity audit · Weekly Groups' }]

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const id = idParam(params, 'meetingId')
  const user = await authorize(request, 'fidelity:audit', { type: 'meeting', id })
  const found = meetingForAudit(id)
  if (!found || found.meeting.status !== 'held' || !found.lesson) notFound()
  return { user, found, lesson: found.lesson }
}

const SAMPLE_REASON = {
  random: 'drawn at random',
  'catch-up': 'drawn to keep this facilitator’s share',
  manual: 'added by hand',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, found, lesson } = await load(request, params)
  const itemIds = lesson.fidelity.map((f) => f.id)
  const domainIds = lesson.competence.map((c) => c.id)
  const mine = ownAudit(found.meeting.id, user.id)
  const s = found.sample
  return {
    meeting: {
      id: found.meeting.id,
      week: found.meeting.week,
      groupMinutes: found.meeting.groupMinutes,
      checkinMinutes: found.meeting.checkinMinutes,
      notes: found.meeting.notes,
    },
    group: { name: found.groupName, armLabel: ARM_LABEL[found.arm], cohortId: found.cohortId },
    scale: competenceScale(found.arm),
    lesson: {
      title: lesson.title,
      fidelity: lesson.fidelity,
      proscribed: lesson.proscribed,
      competence: lesson.competence,
    },
    sample: {
      inQueue: !!s?.sampled,
      reason: s?.sampled && s.reason ? SAMPLE_REASON[s.reason] : null,
      secondRater: !!s?.secondRater,
      status: s
        ? auditStatus(
            s,
            found.audits.map((a) => a.audit),
          )
        : null,
      recordingUrl: s?.recordingUrl ?? null,
      recordingFile: s?.recordingFile ? { type: s.recordingType ?? '', bytes: s.recordingBytes ?? 0 } : null,
    },
    contentChanged: found.contentChanged,
    present: found.present,
    selfChecked: found.selfChecked,
    /** other raters' ratings stay hidden until this rater has saved their own (independent double rating) */
    audits: found.audits.map(({ audit: a, rater }) => {
      const visible = !!mine || a.raterId === user.id
      return {
        id: a.id,
        rater,
        own: a.raterId === user.id,
        at: (a.updatedAt ?? a.createdAt).slice(0, 10),
        released: !!a.releasedAt,
        acknowledged: !!a.acknowledgedAt,
        ratings: visible
          ? {
              adherence: adherencePercent(a.itemRatings, itemIds),
              competence: meanCompetence(a.domainRatings, domainIds),
              agreement: selfRatingAgreement(found.selfChecked, a.itemRatings, itemIds),
              proscribed: lesson.proscribed.filter((p) => a.proscribedObserved.includes(p.id)).map((p) => p.text),
            }
          : null,
      }
    }),
    mine: mine
      ? {
          id: mine.id,
          version: mine.version,
          released: !!mine.releasedAt,
          history: auditVersions(mine.id).map((v) => ({
            version: v.version,
            savedAt: v.savedAt.slice(0, 16).replace('T', ' '),
            adherence: adherencePercent(v.itemRatings, itemIds),
            competence: meanCompetence(v.domainRatings, domainIds),
          })),
        }
      : null,
    defaults: mine
      ? {
          items: itemIds.map((id) => ({ itemId: id, rating: mine.itemRatings[id]?.toString() })),
          domains: domainIds.map((id) => ({ domainId: id, rating: mine.domainRatings[id]?.toString() })),
          proscribed: mine.proscribedObserved,
          comments: mine.comments ?? '',
        }
      : {
          items: itemIds.map((id) => ({ itemId: id })),
          domains: domainIds.map((id) => ({ domainId: id })),
          proscribed: [],
          comments: '',
        },
  }
}

const rating = (message: string) => z.number({ required_error: message, invalid_type_error: message }).int(message)

const version = z.number({ invalid_type_error: 'Reload the page and try again.' }).int().min(0)

/**
 * The audit form (ADR 008, ADR 014): one rating per prescribed item (yes / partly / no) and per
 * competence domain of the lesson, on the arm's scale, and the proscribed items observed. Nothing
 * is preset; an edit opens with the rater's own saved ratings.
 */
const AuditSchema = z.object({
  intent: z.literal('save'),
  version,
  items: z.array(
    z.object({
      itemId: z.string().max(100),
      rating: rating('Rate this item.').refine((v) => ITEM_RATINGS.some((r) => r.value === v), 'Rate this item.'),
    }),
  ),
  domains: z.array(z.object({ domainId: z.string().max(100), rating: rating('Rate this domain.') })),
  proscribed: z.array(z.string().max(100)).default([]),
  comments: z.string().trim().max(4000, 'Keep the comments under 4,000 characters.').optional(),
})
const ReleaseSchema = z.object({ intent: z.literal('release'), version })
const EnqueueSchema = z.object({ intent: z.literal('enqueue'), secondRater: z.boolean().default(false) })
const RecordingUrlSchema = z.object({
  intent: z.literal('recording-url'),
  recordingUrl: z
    .string({ required_error: 'Enter the link to the recording.' })
    .trim()
    .max(2000, 'That link is too long.')
    .superRefine((v, ctx) => {
      const problem = recordingUrlProblem(v)
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
    }),
})
const ActionSchema = (intent: string | null) =>
  intent === 'release'
    ? ReleaseSchema
    : intent === 'enqueue'
      ? EnqueueSchema
      : intent === 'recording-url'
        ? RecordingUrlSchema
        : AuditSchema

/** An uploaded recording: streamed to the data directory, never held whole in memory. */
async function upload(request: Request, meetingId: number, actorId: number) {
  let stored: Awaited<ReturnType<typeof storeRecording>> | null = null
  let refusal: string | null = null
  try {
    await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(
        async ({ name, contentType, data, filename }) => {
          if (name !== 'recording' || !filename) return undefined
          stored = await storeRecording(data, contentType)
          return 'stored'
        },
        unstable_createMemoryUploadHandler({ maxPartSize: 1024 }),
      ),
    )
  } catch (e) {
    if (e instanceof RecordingRejectedError) refusal = e.message
    else refusal = 'The upload could not be read. Please try again.'
  }
  const result = { status: 'error' as const, error: { '': [refusal ?? 'Choose a recording file to upload.'] } }
  if (refusal || !stored) return reply({ result, intent: 'recording-upload' }, { status: 400 })
  const file = stored as Awaited<ReturnType<typeof storeRecording>>
  const { previousFile } = setRecording(meetingId, file, actorId)
  removeRecording(previousFile)
  return redirectWithToast(`/meetings/${meetingId}/audit`, { description: 'Recording uploaded.' })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found, lesson } = await load(request, params)
  const meetingId = found.meeting.id
  const here = `/meetings/${meetingId}/audit`
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data'))
    return upload(request, meetingId, user.id)
  const submission = await parseSubmission(request, ActionSchema)
  if (submission.status !== 'success') {
    const intent = submission.payload.intent
    return invalid(submission, { intent: typeof intent === 'string' ? intent : 'save' })
  }
  const v = submission.value
  if (v.intent === 'enqueue') {
    const r = addToQueue(meetingId, user.id, v.secondRater)
    return redirectWithToast(here, {
      description: r === 'added' ? 'Added to the audit queue.' : 'This session is already in the audit queue.',
    })
  }
  if (v.intent === 'recording-url') {
    const { previousFile } = setRecording(meetingId, { url: v.recordingUrl }, user.id)
    removeRecording(previousFile)
    return redirectWithToast(here, { description: 'Recording linked.' })
  }
  if (v.intent === 'release') {
    const mine = ownAudit(meetingId, user.id)
    if (!mine) return invalid(submission, { intent: 'release', formErrors: ['Save your audit first.'] })
    try {
      releaseAudit(mine.id, user.id, v.version)
    } catch (e) {
      if (e instanceof AuditRefusedError)
        return invalid(submission, { intent: 'release', formErrors: [e.message] }, 403)
      if (e instanceof StaleRecordError)
        return invalid(
          submission,
          { intent: 'release', formErrors: ['Your audit was changed in another window. Check it and release again.'] },
          409,
        )
      throw e
    }
    return redirectWithToast(here, { description: 'Feedback released to the facilitator.' })
  }
  const scale = competenceScale(found.arm)
  const problems = auditShapeProblems(
    {
      items: v.items.map((i) => i.itemId),
      domains: v.domains.map((d) => ({ id: d.domainId, rating: d.rating })),
      proscribed: v.proscribed,
    },
    {
      itemIds: lesson.fidelity.map((f) => f.id),
      domainIds: lesson.competence.map((c) => c.id),
      proscribedIds: lesson.proscribed.map((p) => p.id),
    },
    scale,
  )
  if (problems.length) return invalid(submission, { ...problemsToErrors(problems), intent: 'save' })
  const input = {
    itemRatings: Object.fromEntries(v.items.map((i) => [i.itemId, i.rating])),
    domainRatings: Object.fromEntries(v.domains.map((d) => [d.domainId, d.rating])),
    proscribedObserved: v.proscribed,
    comments: v.comments || null,
  }
  try {
    saveAudit(meetingId, user.id, input, v.version)
  } catch (e) {
    if (e instanceof AuditRefusedError) return invalid(submission, { intent: 'save', formErrors: [e.message] }, 403)
    if (e instanceof StaleRecordError) {
      const saved = ownAudit(meetingId, user.id)!
      const labels = {
        ...Object.fromEntries(lesson.fidelity.map((f) => [`item:${f.id}`, f.text])),
        ...Object.fromEntries(lesson.competence.map((c) => [`domain:${c.id}`, c.text])),
        proscribed: 'Proscribed items observed',
        comments: 'Comments',
      }
      return conflict(
        submission,
        {
          version: saved.version,
          savedBy: user.name,
          savedAt: saved.updatedAt ?? saved.createdAt,
          changes: changedFields(auditDisplayValues(input), auditDisplayValues(saved), labels),
        },
        { intent: 'save' },
      )
    }
    throw e
  }
  return redirectWithToast(here, { description: 'Audit saved.' })
}

function formatBytes(n: number) {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`
}

function Recording({
  meetingId,
  url,
  file,
}: {
  meetingId: number
  url: string | null
  file: { type: string; bytes: number } | null
}) {
  const src = `/meetings/${meetingId}/recording`
  const linkReply = useFormReply('recording-url')
  const [linkForm, linkFields] = useForm({
    id: `recording-url-${meetingId}`,
    lastResult: linkReply,
    constraint: getZodConstraint(RecordingUrlSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecordingUrlSchema }),
  })
  const uploadReply = useActionData() as { intent?: string; result?: { error?: Record<string, string[]> } } | undefined
  const uploadError = uploadReply?.intent === 'recording-upload' ? uploadReply.result?.error?.[''] : undefined
  return (
    <section className="card space-y-3" aria-labelledby="recording-heading">
      <h2 id="recording-heading">Session recording</h2>
      {url ? (
        <p>
          Linked recording:{' '}
          <a href={url} rel="noreferrer noopener" target="_blank">
            {url}
          </a>
        </p>
      ) : file ? (
        <div>
          <p>
            Uploaded recording ({file.type}, {formatBytes(file.bytes)}). <a href={src}>Download</a>
          </p>
          {file.type.startsWith('video/') ? (
            <video controls preload="metadata" src={src} className="mt-2 w-full">
              <track kind="captions" />
            </video>
          ) : (
            <audio controls preload="metadata" src={src} className="mt-2 w-full">
              <track kind="captions" />
            </audio>
          )}
        </div>
      ) : (
        <p>
          No recording yet. Link one, or upload the file (it is kept outside the database and only supervisors can play
          it).
        </p>
      )}
      <Form method="post" {...getFormProps(linkForm)} className="flex flex-wrap items-end gap-2">
        <TextField meta={linkFields.recordingUrl} label="Link to the recording" type="url" className="grow" />
        <StatusButton intent="recording-url" pendingText="Saving…" className="btn-secondary mb-4">
          Save link
        </StatusButton>
      </Form>
      <Form method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-2">
        <div className="grow">
          <label htmlFor={`recording-file-${meetingId}`} className="label">
            Or upload the recording (MP3, M4A/MP4, WebM, Ogg or WAV, up to 1 GB)
          </label>
          <input
            id={`recording-file-${meetingId}`}
            type="file"
            name="recording"
            required
            accept="audio/*,video/mp4,video/webm"
            aria-describedby={uploadError ? `recording-file-${meetingId}-error` : undefined}
          />
          {uploadError ? (
            <p id={`recording-file-${meetingId}-error`} className="text-red-800">
              {uploadError.join(' ')}
            </p>
          ) : null}
        </div>
        <StatusButton intent="recording-upload" pendingText="Uploading…" className="btn-secondary">
          Upload
        </StatusButton>
      </Form>
    </section>
  )
}

export default function FidelityAudit() {
  const d = useLoaderData<typeof loader>()
  const formRef = useRef<HTMLFormElement>(null)
  const [form, fields] = useForm({
    id: `audit-${d.meeting.id}`,
    lastResult: useFormReply('save'),
    constraint: getZodConstraint(AuditSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AuditSchema }),
    defaultValue: d.defaults,
  })
  const releaseReply = useFormReply('release')
  const draft = useFormDraft(formRef, `audit:${d.meeting.id}`, { version: d.mine?.version ?? 0 })
  const itemText = (id: unknown) => d.lesson.fidelity.find((f) => f.id === id)?.text ?? ''
  const domainText = (id: unknown) => d.lesson.competence.find((x) => x.id === id)?.text ?? ''
  const locked = !!d.mine?.released
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link to="/fidelity">Audit queue</Link> · <Link to={`/cohorts/${d.group.cohortId}`}>Cohort</Link>
        </p>
        <h1>
          Fidelity audit: {d.group.name}, week {d.meeting.week}
        </h1>
        <p className="text-slate-700">
          {d.group.armLabel} · lesson “{d.lesson.title}” · {d.present} attended · check-in{' '}
          {d.meeting.checkinMinutes ?? '—'} min, group {d.meeting.groupMinutes ?? '—'} min
        </p>
        <p className="mt-1">
          {d.sample.inQueue ? (
            <>
              In the audit queue ({d.sample.reason}
              {d.sample.secondRater ? '; needs a second rater' : ''})
              {d.sample.status ? ` · ${AUDIT_STATUS_LABEL[d.sample.status]}` : ''}
            </>
          ) : (
            'Not in the audit queue.'
          )}
        </p>
        {!d.sample.inQueue ? (
          <Form method="post" className="mt-2">
            <StatusButton intent="enqueue" pendingText="Adding…" className="btn-secondary">
              Add to audit queue
            </StatusButton>
          </Form>
        ) : null}
        {d.contentChanged ? (
          <p className="mt-2 rounded bg-amber-50 p-2 text-amber-900">
            The lesson has been edited since this session was taught; the items below are the current version.
          </p>
        ) : null}
        {d.meeting.notes ? (
          <p className="mt-2">
            <strong>Facilitator notes:</strong> {d.meeting.notes}
          </p>
        ) : null}
      </div>
      <Recording meetingId={d.meeting.id} url={d.sample.recordingUrl} file={d.sample.recordingFile} />
      {d.audits.length ? (
        <section className="card overflow-x-auto" aria-labelledby="earlier">
          <h2 id="earlier">Audits of this session</h2>
          {d.mine ? null : (
            <p className="text-sm text-slate-700">
              Other raters’ ratings are hidden until you save your own, so that a second rating is independent.
            </p>
          )}
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Rater</th>
                <th scope="col">Adherence</th>
                <th scope="col">
                  Competence ({d.scale.min}–{d.scale.max})
                </th>
                <th scope="col">Agrees with facilitator checklist</th>
                <th scope="col">Proscribed observed</th>
                <th scope="col">Feedback</th>
              </tr>
            </thead>
            <tbody>
              {d.audits.map((a) => (
                <tr key={a.id}>
                  <td>{a.at}</td>
                  <td>{a.rater}</td>
                  <td>{a.ratings ? `${a.ratings.adherence}%` : 'hidden'}</td>
                  <td>{a.ratings ? a.ratings.competence : 'hidden'}</td>
                  <td>{a.ratings ? `${a.ratings.agreement}%` : 'hidden'}</td>
                  <td>{a.ratings ? a.ratings.proscribed.join('; ') || 'none' : 'hidden'}</td>
                  <td>{a.released ? (a.acknowledged ? 'Released, acknowledged' : 'Released') : 'Not released'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {d.mine && !locked ? (
        <section className="card" aria-labelledby="release-heading">
          <h2 id="release-heading">Release feedback</h2>
          <p>
            Releasing shows your ratings and comments to the facilitator on their group page and session screen. After
            that your audit can no longer be changed.
          </p>
          {releaseReply?.error?.[''] ? (
            <p role="alert" className="text-red-800">
              {releaseReply.error[''].join(' ')}
            </p>
          ) : null}
          <Form method="post" className="mt-2">
            <input type="hidden" name="version" value={d.mine.version} />
            <StatusButton intent="release" pendingText="Releasing…">
              Release feedback to the facilitator
            </StatusButton>
          </Form>
        </section>
      ) : null}
      {locked ? (
        <p className="card">Your audit has been released to the facilitator; it can no longer be changed.</p>
      ) : (
        <>
          <RecordConflictNotice intent="save" reloadTo={`/meetings/${d.meeting.id}/audit`} />
          <DraftNotice draft={draft} />
          <FormErrors form={form} />
          <Form method="post" className="space-y-6" ref={formRef} {...getFormProps(form)}>
            <VersionField version={d.mine?.version ?? 0} intent="save" />
            <h2>{d.mine ? 'Edit your audit' : 'Your audit'}</h2>
            <fieldset className="card">
              <legend className="px-1 text-xl font-semibold">Prescribed items: delivered?</legend>
              <ul className="mt-2 space-y-3">
                {fields.items.getFieldList().map((row) => {
                  const r = row.getFieldset()
                  return (
                    <li key={row.key}>
                      <input type="hidden" name={r.itemId.name} value={String(r.itemId.initialValue ?? '')} />
                      <ChoiceField
                        meta={r.rating}
                        label={
                          <>
                            {itemText(r.itemId.initialValue)}{' '}
                            <span className="text-sm text-slate-700">
                              (facilitator ticked: {d.selfChecked[String(r.itemId.initialValue)] ? 'yes' : 'no'})
                            </span>
                          </>
                        }
                        legendClassName=""
                        optionClassName="inline-flex min-h-[32px] items-center gap-1"
                        options={ITEM_RATINGS.map((x) => ({ value: String(x.value), label: x.label }))}
                        className=""
                      />
                    </li>
                  )
                })}
              </ul>
            </fieldset>
            <fieldset className="card">
              <legend className="px-1 text-xl font-semibold">Proscribed: tick anything that happened</legend>
              <ChoiceField
                meta={fields.proscribed}
                type="checkbox"
                label={<span className="sr-only">Proscribed items observed</span>}
                listClassName="mt-2 space-y-2"
                optionClassName="flex items-start gap-2"
                inputClassName="mt-1 h-5 w-5"
                options={d.lesson.proscribed.map((p) => ({ value: p.id, label: <span>{p.text}</span> }))}
                className=""
              />
            </fieldset>
            <fieldset className="card">
              <legend className="px-1 text-xl font-semibold">Facilitator competence ({d.scale.name})</legend>
              <ul className="mt-2 space-y-3">
                {fields.domains.getFieldList().map((row) => {
                  const r = row.getFieldset()
                  return (
                    <li key={row.key}>
                      <input type="hidden" name={r.domainId.name} value={String(r.domainId.initialValue ?? '')} />
                      <ChoiceField
                        meta={r.rating}
                        label={domainText(r.domainId.initialValue)}
                        legendClassName=""
                        optionClassName="inline-flex min-h-[32px] items-center gap-1"
                        options={d.scale.points.map((x) => ({
                          value: String(x.value),
                          label: `${x.value} ${x.label}`,
                        }))}
                        className=""
                      />
                    </li>
                  )
                })}
              </ul>
              <TextareaField
                meta={fields.comments}
                label="Comments and feedback for the facilitator"
                rows={4}
                maxLength={4000}
                className="mt-4"
              />
            </fieldset>
            <StatusButton intent="save" pendingText="Saving…">
              Save audit
            </StatusButton>
          </Form>
        </>
      )}
      {d.mine?.history.length ? (
        <section className="card overflow-x-auto" aria-labelledby="history-heading">
          <h2 id="history-heading">Earlier versions of your audit</h2>
          <table className="table mt-2">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved (UTC)</th>
                <th scope="col">Adherence</th>
                <th scope="col">Competence</th>
              </tr>
            </thead>
            <tbody>
              {d.mine.history.map((h) => (
                <tr key={h.version}>
                  <td>{h.version}</td>
                  <td>{h.savedAt}</td>
                  <td>{h.adherence}%</td>
                  <td>{h.competence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  )
}
