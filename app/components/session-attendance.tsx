import { getCollectionProps, getInputProps, type FieldMetadata } from '@conform-to/react'
import type { MouseEvent } from 'react'
import { ATTENDANCE_STATUSES } from '#db/schema'
import { ErrorList, readOnce } from '~/components/forms'
import { ATTENDANCE_LABEL } from '~/domain/meeting-record'

type Status = (typeof ATTENDANCE_STATUSES)[number]
type Row = { participantId: string; status?: Status; note?: string }
export type Person = { id: number; name: string; studyId: string; surveyDone: boolean; onRoster: boolean }

/**
 * One part's attendance (the 30-minute check-in, or the 60-minute group), compact: one line per
 * person, nothing marked until someone marks it. "Mark all present" (those not yet marked) is a submit
 * of its own intent: without JavaScript the server sends the form back filled in (not saved);
 * with it, the page fills the unmarked rows itself.
 */
export function AttendanceList({
  part,
  title,
  hint,
  rows,
  people,
}: {
  part: 'checkin' | 'group'
  title: string
  hint: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form holding these rows
  rows: FieldMetadata<any, any, string[]>[]
  people: ReadonlyMap<number, Person>
}) {
  const headingId = `${part}-attendance-heading`
  const markAll = (e: MouseEvent<HTMLButtonElement>) => {
    const section = e.currentTarget.closest('section')
    if (!section) return
    e.preventDefault()
    for (const fieldset of section.querySelectorAll('fieldset')) {
      if (fieldset.querySelector('input[type="radio"]:checked')) continue
      fieldset.querySelector<HTMLInputElement>('input[type="radio"][value="present"]')?.click()
    }
  }
  return (
    <section aria-labelledby={headingId} data-testid={`${part}-attendance`}>
      <div className="flex flex-wrap items-center justify-between gap-x-2">
        <h3 id={headingId} className="text-base">
          {title}
        </h3>
        {rows.length ? (
          <button
            type="submit"
            name="intent"
            value={`mark-${part}`}
            formNoValidate
            className="btn-secondary min-h-[32px] px-2 py-0.5 text-sm"
            onClick={markAll}
          >
            Mark all present
          </button>
        ) : null}
      </div>
      <p className="text-xs text-slate-700">{hint}</p>
      {rows.length === 0 ? <p className="text-sm">No one this week.</p> : null}
      <ul className="divide-y divide-slate-200">
        {rows.map((row) => {
          const r = (row as FieldMetadata<Row, Record<string, unknown>, string[]>).getFieldset()
          const id = readOnce(r.participantId)
          const status = readOnce(r.status)
          const pid = Number(id.initialValue)
          const person = people.get(pid)
          const who = person?.name ?? `#${pid}`
          const { key: idKey, ...idProps } = getInputProps(id, { type: 'hidden' })
          const radios = getCollectionProps(status, { type: 'radio', options: [...ATTENDANCE_STATUSES] })
          const invalid = !!status.errors?.length
          return (
            <li key={row.key} className="py-0.5 text-sm">
              <input key={idKey} {...idProps} />
              <fieldset
                aria-invalid={invalid ? true : undefined}
                aria-describedby={invalid ? status.errorId : undefined}
                className={`flex flex-wrap items-center gap-x-2.5 ${invalid ? 'rounded bg-red-50' : ''}`}
              >
                <legend className="sr-only">
                  {part === 'checkin' ? 'Check-in attendance' : 'Group attendance'} for {who}
                </legend>
                {/* the legend names the person for assistive technology */}
                <span className="w-28 shrink-0 leading-tight" aria-hidden="true" title={person?.studyId}>
                  <span className="block truncate font-medium">{who}</span>
                  {part === 'checkin' && person && !person.onRoster ? (
                    <span className="block text-xs text-slate-700">check-in only</span>
                  ) : null}
                </span>
                {radios.map(({ key, ...props }) => (
                  <label key={key ?? props.value} className="inline-flex min-h-[28px] items-center gap-1">
                    <input {...props} id={`${status.id}-${props.value}`} />
                    {ATTENDANCE_LABEL[props.value as Status]}
                  </label>
                ))}
                {part === 'checkin' ? (
                  <span className="w-4 text-center" title={person?.surveyDone ? 'Survey done' : 'No survey yet'}>
                    <span aria-hidden="true">{person?.surveyDone ? '✓' : '–'}</span>
                    <span className="sr-only">{person?.surveyDone ? 'survey done' : 'no survey yet'}</span>
                  </span>
                ) : null}
              </fieldset>
              <ErrorList id={status.errorId} errors={status.errors} />
            </li>
          )
        })}
      </ul>
      {part === 'group' && rows.length ? <AttendanceNotes rows={rows} people={people} /> : null}
    </section>
  )
}

/** Quick notes per person (optional), folded away until wanted; open when one is written. */
function AttendanceNotes({
  rows,
  people,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form holding these rows
  rows: FieldMetadata<any, any, string[]>[]
  people: ReadonlyMap<number, Person>
}) {
  const sets = rows.map((row) => {
    const r = (row as FieldMetadata<Row, Record<string, unknown>, string[]>).getFieldset()
    return { participantId: r.participantId.initialValue, note: readOnce(r.note), typed: !!r.note.value }
  })
  const open = sets.some((r) => !!r.note.initialValue || r.typed || !!r.note.errors?.length)
  return (
    <details className="mt-1 text-sm" open={open}>
      <summary className="cursor-pointer font-medium">Notes on attendance (optional)</summary>
      <ul className="mt-1 space-y-1">
        {sets.map((r) => {
          const pid = Number(r.participantId)
          const who = people.get(pid)?.name ?? `#${pid}`
          const { key, ...props } = getInputProps(r.note, { type: 'text' })
          return (
            <li key={r.note.id} className="flex items-center gap-2">
              <label className="w-28 shrink-0 truncate" htmlFor={r.note.id}>
                <span className="sr-only">Note for </span>
                {who}
              </label>
              <input key={key} {...props} className="input mt-0 h-8 py-0 text-sm" maxLength={500} />
              <ErrorList id={r.note.errorId} errors={r.note.errors} />
            </li>
          )
        })}
      </ul>
    </details>
  )
}
