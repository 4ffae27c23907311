import type { Arm } from '#db/schema'
import { notFound } from '~/utils/http-errors'
import { authorize } from './authorize.server'
import { requireParticipant } from './participant.server'
import { requireUser, type SessionUser } from './session.server'

/**
 * Who may listen to a guide's recording: a signed-in participant whose group's arm is the
 * guide's arm (anyone else's guide is a 404, as the guide itself is: blinding), and staff who
 * manage recordings ('content:recordings'). Signed-out visitors are sent to sign in.
 */
export async function authorizeRecordingListener(request: Request, guideArm: Arm | null): Promise<SessionUser> {
  const user = await requireUser(request)
  if (user.role !== 'participant') {
    await authorize(request, 'content:recordings')
    if (!guideArm) notFound()
    return user
  }
  const me = await requireParticipant(request)
  if (!guideArm || me.arm !== guideArm) notFound()
  return user
}
