import type { SubmissionResult } from '@conform-to/react'
import { data } from '@remix-run/node'
import { createToastHeaders } from './toast.server'

/**
 * The reply to a write that made a set-password link. The link is a credential, so it is shown
 * once, in this reply (never in the message cookie or a URL: see `OneTimeLink`); the success
 * message goes through the one flash mechanism like every other write.
 */
export async function oneTimeLinkReply(
  request: Request,
  reply: { result: SubmissionResult<string[]>; intent: string; path: string; recipient: string; message: string },
) {
  return data(
    {
      result: reply.result,
      intent: reply.intent,
      link: new URL(reply.path, request.url).toString(),
      recipient: reply.recipient,
    },
    { headers: await createToastHeaders({ description: reply.message }) },
  )
}
