/** Shows a freshly made set-password link once, for staff to pass on privately. */
export function OneTimeLink({ link, recipient }: { link: string; recipient: string }) {
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
