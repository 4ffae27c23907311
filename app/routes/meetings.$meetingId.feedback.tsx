import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { authorize } from '~/auth/authorize.server'
import { FidelityFeedback } from '~/components/fidelity-feedback'
import { acknowledgeFeedback, AuditRefusedError, feedbackView } from '~/domain/fidelity.server'
import { useFormReply } from '~/utils/form-reply'
import { invalid, parseSubmission } from '~/utils/forms.server'
import { idParam } from '~/utils/params'
import { safeRedirect } from '~/utils/safe-redirect'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Fidelity feedback · Weekly Groups' }]

/** A session's released fidelity feedback, to the facilitators of its group only (ADR 014). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params, 'meetingId')
  await authorize(request, 'fidelity:feedback', { type: 'meeting', id })
  return { meetingId: id, feedback: feedbackView({ meetingIds: [id] }) }
}

const AcknowledgeSchema = z.object({
  intent: z.literal('acknowledge'),
  auditId: z.number({ required_error: 'Unknown feedback.', invalid_type_error: 'Unknown feedback.' }).int(),
  returnTo: z.string().max(500).optional(),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const id = idParam(params, 'meetingId')
  const user = await authorize(request, 'fidelity:feedback', { type: 'meeting', id })
  const submission = await parseSubmission(request, AcknowledgeSchema)
  if (submission.status !== 'success') return invalid(submission)
  const v = submission.value
  // only feedback released on this session: another session's id is refused like a missing one
  if (!feedbackView({ meetingIds: [id] }).some((f) => f.auditId === v.auditId))
    return invalid(submission, { formErrors: ['This feedback has not been released.'] }, 404)
  try {
    acknowledgeFeedback(v.auditId, user.id)
  } catch (e) {
    if (e instanceof AuditRefusedError) return invalid(submission, { formErrors: [e.message] }, 409)
    throw e
  }
  return redirectWithToast(safeRedirect(v.returnTo, `/meetings/${id}/feedback`), {
    description: 'Feedback acknowledged.',
  })
}

export default function SessionFeedback() {
  const d = useLoaderData<typeof loader>()
  const refused = useFormReply()?.error?.['']
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to="/groups">My groups</Link>
      </p>
      <h1>Fidelity feedback</h1>
      {refused ? (
        <p role="alert" className="text-red-800">
          {refused.join(' ')}
        </p>
      ) : null}
      {d.feedback.length ? (
        <FidelityFeedback feedback={d.feedback} returnTo={`/meetings/${d.meetingId}/feedback`} showSession />
      ) : (
        <p className="card">No feedback has been released for this session.</p>
      )}
    </div>
  )
}
