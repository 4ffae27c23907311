import { useActionData } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import type { RecordConflict } from '~/domain/record-version'

type Reply = { conflict?: RecordConflict; intent?: string | null }

/** The conflict the last save of this form met, if any (ADR 013). */
export function useRecordConflict(intent?: string): RecordConflict | undefined {
  const reply = useActionData() as Reply | undefined
  if (!reply?.conflict) return undefined
  if (intent !== undefined && reply.intent !== intent) return undefined
  return reply.conflict
}

/**
 * The version a form was opened from, sent with every save. After a conflict it holds the version
 * now saved, so that saving again (after the person has looked at the differences) applies theirs.
 * A restored draft sets it back to the draft's own starting version (form-draft.tsx), so a draft
 * begun before someone else's save meets the conflict screen instead of overwriting it.
 */
export function VersionField({ version, intent }: { version: number; intent?: string }) {
  const found = useRecordConflict(intent)
  const current = found?.version ?? version
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (ref.current) ref.current.value = String(current)
  }, [current, found])
  return <input ref={ref} type="hidden" name="version" defaultValue={current} />
}

function shown(value: string) {
  return value === '' ? <span className="italic text-slate-600">(empty)</span> : value
}

/**
 * Shown above a form whose save was refused because someone else saved first: who and when, each
 * field that differs (theirs and what this person typed), and what to do. The form below still
 * holds everything typed; saving again applies it, reloading takes the saved record.
 */
export function RecordConflictNotice({ intent, reloadTo }: { intent?: string; reloadTo: string }) {
  const found = useRecordConflict(intent)
  if (!found) return null
  const when = found.savedAt
    ? new Date(found.savedAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })
    : null
  return (
    <section
      role="alert"
      aria-labelledby="conflict-title"
      className="mb-4 rounded-md border-2 border-red-700 bg-red-50 p-4"
    >
      <h2 id="conflict-title" className="text-lg font-semibold text-red-900">
        Not saved: this record was changed while you were editing
      </h2>
      <p className="mt-1">
        {found.savedBy ?? 'Someone'} saved it{when ? ` on ${when}` : ''}. Nothing you typed has been lost: it is still
        in the form below.
      </p>
      {found.changes.length ? (
        <table className="mt-3 w-full border-collapse text-left text-sm">
          <caption className="sr-only">Fields that differ between the saved record and your changes</caption>
          <thead>
            <tr>
              <th scope="col" className="border-b p-1">
                Field
              </th>
              <th scope="col" className="border-b p-1">
                Saved now
              </th>
              <th scope="col" className="border-b p-1">
                Yours (in the form)
              </th>
            </tr>
          </thead>
          <tbody>
            {found.changes.map((c) => (
              <tr key={c.field}>
                <th scope="row" className="border-b p-1 font-medium">
                  {c.label}
                </th>
                <td className="border-b p-1 whitespace-pre-wrap">{shown(c.saved)}</td>
                <td className="border-b p-1 whitespace-pre-wrap">{shown(c.yours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-2">The saved values are the same as yours in every field shown here.</p>
      )}
      <p className="mt-3">
        To keep yours, check the form (bring in anything from the saved record you want to keep) and save again. To take
        the saved record instead, <a href={reloadTo}>reload it</a> and your changes are dropped.
      </p>
    </section>
  )
}
