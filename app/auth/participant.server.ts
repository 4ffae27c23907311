import { findOwnParticipant, type OwnParticipant } from '~/domain/portal.server'
import { notFound } from '~/utils/http-errors'
import { authorize } from './authorize.server'

/**
 * The participant portal's guard: the signed-in participant ('participant:self') and only their
 * own record, with its ids and schedule. Someone without a group yet, or who has left, has
 * nothing to see (404). The domain functions it leads to take these values, never the request.
 */
export async function requireParticipant(request: Request): Promise<OwnParticipant> {
  const user = await authorize(request, 'participant:self')
  return findOwnParticipant(user) ?? notFound()
}
