/**
 * A freshly made set-password link is a credential: it is shown once, in the action's reply
 * (never in the message cookie or a URL), for staff to pass on privately.
 */
export type OneTimeLinkReply = { link: string; recipient: string }

/** The link an action reply carries, if any. */
export function oneTimeLinkOf(reply: unknown): OneTimeLinkReply | null {
  const r = reply as { link?: unknown; recipient?: unknown } | null | undefined
  return typeof r?.link === 'string' && typeof r.recipient === 'string'
    ? { link: r.link, recipient: r.recipient }
    : null
}

/** Shows a freshly made set-password link once, for staff to pass on privately. */
export function OneTimeLink({ link, recipient }: OneTimeLinkReply) {
  return (
    <div role="status" className="card border-brand-600 bg-brand-50">
      <p className="font-semibold">One-time set-password link for {recipient}</p>
      <p className="text-sm">
        Send it privately (never in a group message). It works once, expires in 7 days, and will not be shown again.
      </p>
      <label className="label mt-2" htmlFor="invite-link">
        Link
      </label>
      <input id="invite-link" className="input font-mono text-sm" readOnly value={link} />
    </div>
  )
}
