import type { LoaderFunctionArgs } from '@remix-run/node'
import { authorize } from '~/auth/authorize.server'
import { sampleOf } from '~/domain/audit-queue.server'
import { recordingPath } from '~/domain/session-recordings.server'
import { notFound } from '~/utils/http-errors'
import { idParam } from '~/utils/params'
import { fileResponse } from '~/utils/file-response.server'

/**
 * A session's uploaded recording, to supervisors only (ADR 014), with byte ranges so the player
 * can seek. Never cached by shared caches; never shown inline as anything but its sniffed type.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params, 'meetingId')
  await authorize(request, 'fidelity:audit', { type: 'meeting', id })
  const s = sampleOf(id)
  if (!s?.recordingFile || !s.recordingType) notFound()
  return fileResponse(request, recordingPath(s.recordingFile), s.recordingType, {
    'Content-Disposition': `inline; filename="session-${id}-recording"`,
  })
}
