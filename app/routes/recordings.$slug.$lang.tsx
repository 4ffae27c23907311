import type { LoaderFunctionArgs } from '@remix-run/node'
import { authorizeRecordingListener } from '~/auth/recording-access.server'
import { findGuideMeta } from '~/content/content.server'
import { findRecording, recordingResponse } from '~/domain/recordings.server'
import { isLocale } from '~/i18n/config'
import { notFound } from '~/utils/http-errors'
import { slugParam } from '~/utils/params'

/**
 * A guide's recorded audio (resource route): for participants of the guide's arm and staff who
 * manage recordings, with byte ranges so phones can seek.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = slugParam(params)
  await authorizeRecordingListener(request, findGuideMeta(slug)?.arm ?? null)
  const lang = params.lang
  if (!isLocale(lang)) notFound()
  return recordingResponse(request, findRecording(slug, lang) ?? notFound())
}
