import type { SubmissionResult } from '@conform-to/react'
import { useActionData, useRouteLoaderData } from '@remix-run/react'
import type { loader as rootLoader } from '~/root'

type Reply = { result?: SubmissionResult<string[]>; intent?: string | null }

/**
 * What a form shows again (ADR 008): the action's refusal of this form, or else the same form as
 * its sender typed it before their session lapsed (kept on the server, brought back after they
 * signed in again: app/auth/pending-submission.server.ts). On a page with several forms, pass the
 * form's intent (or intents) so a reply only reaches the form it belongs to.
 */
export function useFormReply(intent?: string | readonly string[]): SubmissionResult<string[]> | undefined {
  const reply = useActionData() as Reply | undefined
  const restored = useRouteLoaderData<typeof rootLoader>('root')?.restored
  const matches = (tag: string | null | undefined) =>
    intent === undefined || (typeof intent === 'string' ? tag === intent : !!tag && intent.includes(tag))
  if (reply?.result && matches(reply.intent)) return reply.result
  if (restored && matches(restored.intent)) return restored.result as SubmissionResult<string[]>
  return undefined
}
