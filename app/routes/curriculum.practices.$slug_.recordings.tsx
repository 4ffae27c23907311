import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { LOCALES } from '#db/schema'
import { authorize } from '~/auth/authorize.server'
import { FormErrors, SelectField, StatusButton } from '~/components/forms'
import { findGuideMeta } from '~/content/content.server'
import { ARM_LABEL } from '~/domain/arms'
import { ACCEPT, AUDIO_TYPES, RECORDING_MAX_BYTES } from '~/domain/audio-type'
import { receiveRecording, recordingsOf, recordingUrl, removeRecording } from '~/domain/recordings.server'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { useFormReply } from '~/utils/form-reply'
import { notFound } from '~/utils/http-errors'
import { slugParam } from '~/utils/params'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Recordings: ${data?.guide.title ?? 'Practice guide'} · Weekly Groups` },
]

const LANGUAGE_LABEL = { en: 'English', es: 'Spanish' } as const
const lang = z.enum(LOCALES, { message: 'Choose the language of the recording.' })
/** The upload form's fields besides the file (the file is checked on the server by its bytes). */
const UploadSchema = z.object({ lang })
const DeleteSchema = z.object({ intent: z.literal('delete'), lang })

export async function loader({ request, params }: LoaderFunctionArgs) {
  await authorize(request, 'content:recordings')
  const guide = findGuideMeta(slugParam(params)) ?? notFound()
  return {
    guide: { slug: guide.slug, title: guide.title, minutes: guide.minutes },
    armLabel: ARM_LABEL[guide.arm],
    recordings: recordingsOf(guide.slug).map((r) => ({
      lang: r.lang,
      mime: r.mime,
      megabytes: (r.bytes / 1024 / 1024).toFixed(1),
      uploadedAt: r.uploadedAt.slice(0, 16).replace('T', ' '),
      url: recordingUrl(r.slug, r.lang),
    })),
  }
}

/**
 * Uploads (multipart: streamed to disk, size-limited, checked by magic bytes) or deletes a
 * guide's recording. A refused upload answers 400 (or 413 when too large) with the reason.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await authorize(request, 'content:recordings')
  const guide = findGuideMeta(slugParam(params)) ?? notFound()
  const here = `/curriculum/practices/${guide.slug}/recordings`
  if (/^multipart\/form-data/i.test(request.headers.get('content-type') ?? '')) {
    const result = await receiveRecording(request, guide.slug, user.id)
    if (!result.ok) {
      const typed = new FormData()
      if (result.lang) typed.set('lang', result.lang)
      const submission = parseWithZod(typed, { schema: UploadSchema })
      return invalid(submission, { intent: 'upload', formErrors: [result.message] }, result.status)
    }
    const { lang } = result.recording
    return redirectWithToast(here, {
      description: `${LANGUAGE_LABEL[lang]} recording ${result.replaced ? 'replaced' : 'saved'}.`,
    })
  }
  const submission = await parseSubmission(request, DeleteSchema)
  if (submission.status !== 'success') return invalid(submission, { intent: 'delete' })
  if (!removeRecording(guide.slug, submission.value.lang, user.id)) notFound()
  return redirectWithToast(here, { description: `${LANGUAGE_LABEL[submission.value.lang]} recording deleted.` })
}

export default function GuideRecordings() {
  const { guide, armLabel, recordings } = useLoaderData<typeof loader>()
  const [form, fields] = useForm({
    id: 'upload-recording',
    lastResult: useFormReply('upload'),
    constraint: getZodConstraint(UploadSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UploadSchema }),
  })
  const types = Object.values(AUDIO_TYPES)
    .map((t) => t.label)
    .join(', ')
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <p className="text-sm">
        <Link to="/curriculum">Curriculum</Link> · <Link to={`/curriculum/practices/${guide.slug}`}>{guide.title}</Link>{' '}
        ({armLabel})
      </p>
      <h1>Recordings: {guide.title}</h1>
      <p>
        A recording replaces the bells-and-speech player on this guide for participants of the {armLabel} groups whose
        language it is. Record the guide as written ({guide.minutes} minutes), in plain, calm speech.
      </p>
      <section className="card" aria-labelledby="current-heading">
        <h2 id="current-heading">Current recordings</h2>
        {recordings.length === 0 ? (
          <p className="mt-1">No recordings yet: participants get the timer and read-aloud.</p>
        ) : null}
        <ul className="mt-2 space-y-4">
          {recordings.map((r) => (
            <li key={r.lang}>
              <p className="font-medium">
                {LANGUAGE_LABEL[r.lang]}: {r.mime}, {r.megabytes} MB, uploaded {r.uploadedAt} UTC
              </p>
              <audio className="mt-1 w-full" controls preload="none" src={r.url}>
                <a href={r.url}>Download</a>
              </audio>
              <Form method="post" className="mt-1">
                <input type="hidden" name="lang" value={r.lang} />
                <StatusButton className="btn-secondary" intent="delete" pendingText="Deleting…">
                  Delete the {LANGUAGE_LABEL[r.lang]} recording
                </StatusButton>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="upload-heading">
        <h2 id="upload-heading">Upload a recording</h2>
        <p className="mt-1 text-sm text-slate-700">
          {types}; at most {RECORDING_MAX_BYTES / 1024 / 1024} MB. Uploading in a language that already has a recording
          replaces it.
        </p>
        <Form method="post" encType="multipart/form-data" className="mt-3" {...getFormProps(form)}>
          <FormErrors form={form} />
          <SelectField
            meta={fields.lang}
            label="Language"
            options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_LABEL[l] }))}
          />
          <div className="mb-4">
            <label htmlFor="recording-file" className="label">
              Audio file
            </label>
            <input id="recording-file" name="audio" type="file" accept={ACCEPT} required className="input" />
          </div>
          <StatusButton intent="upload" pendingText="Uploading…">
            Upload
          </StatusButton>
        </Form>
      </section>
    </div>
  )
}
