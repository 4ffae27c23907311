import { getCollectionProps, getInputProps, type FieldMetadata } from '@conform-to/react'
import type { MouseEvent } from 'react'
import { ATTENDANCE_STATUSES } from '#db/schema'
import { ErrorList } from '~/components/forms'
import { ATTENDANCE_LABEL } from '~/domain/meeting-record'

type Status = (typeof ATTENDANCE_STATUSES)[number]
type Row = { participantId: string; status?: Status; note?: string }
export type Person = { id: number; name: string; studyId: string; surveyDone: boolean; onRoster: boolean }

/**
 * One part's attendance (the 30-minute check-in, or the 60-minute group), compact: one line per
 * person, nothing marked until someone marks it. "Mark all not yet marked present" is a submit
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
    <section aria-labelledby={headingId} className="space-y-1" data-testid={`${part}-attendance`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="text-base">
          {title}
        </h3>
        {rows.length ? (
          <button
            type="submit"
            name="intent"
            value={`mark-${part}`}
            formNoValidate
            className="btn-secondary px-2 py-1 text-sm"
            onClick={markAll}
          >
            Mark all not yet marked present
          </button>
        ) : null}
      </div>
      <p className="text-xs text-slate-700">{hint}</p>
      {rows.length === 0 ? <p className="text-sm">No one this week.</p> : null}
      <ul className="divide-y divide-slate-200">
        {rows.map((row) => {
          const r = (row as FieldMetadata<Row, Record<string, unknown>, string[]>).getFieldset()
          const pid = Number(r.participantId.initialValue)
          const person = people.get(pid)
          const who = person?.name ?? `#${pid}`
          const { key: idKey, ...idProps } = getInputProps(r.participantId, { type: 'hidden' })
          const radios = getCollectionProps(r.status, { type: 'radio', options: [...ATTENDANCE_STATUSES] })
          const invalid = !!r.status.errors?.length
          return (
            <li key={row.key} className="py-1 text-sm">
              <input key={idKey} {...idProps} />
              <fieldset
                aria-invalid={invalid ? true : undefined}
                aria-describedby={invalid ? r.status.errorId : undefined}
                className={`flex flex-wrap items-center gap-x-3 gap-y-1 ${invalid ? 'rounded bg-red-50' : ''}`}
              >
                <legend className="sr-only">
                  {part === 'checkin' ? 'Check-in attendance' : 'Group attendance'} for {who}
                </legend>
                {/* the legend names the person for assistive technology */}
                <span className="w-36 shrink-0 truncate font-medium" aria-hidden="true" title={person?.studyId}>
                  {who}
                </span>
                {radios.map(({ key, ...props }) => (
                  <label key={key ?? props.value} className="inline-flex min-h-[28px] items-center gap-1">
                    <input {...props} id={`${r.status.id}-${props.value}`} />
                    {ATTENDANCE_LABEL[props.value as Status]}
                  </label>
                ))}
                {part === 'checkin' ? (
                  <span className="text-xs text-slate-700">
                    {person?.surveyDone ? '✓ survey' : 'no survey yet'}
                    {person && !person.onRoster ? ' · check-in only' : ''}
                  </span>
                ) : null}
              </fieldset>
              {part === 'group' && r.note ? <NoteField meta={r.note} who={who} /> : null}
              <ErrorList id={r.status.errorId} errors={r.status.errors} />
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function NoteField({ meta, who }: { meta: FieldMetadata<string | undefined>; who: string }) {
  const { key, ...props } = getInputProps(meta, { type: 'text' })
  return (
    <div className="mt-1 flex items-center gap-2 sm:pl-[9.75rem]">
      <label className="sr-only" htmlFor={meta.id}>
        Note for {who}
      </label>
      <input
        key={key}
        {...props}
        className="input mt-0 h-8 py-0 text-sm"
        maxLength={500}
        placeholder="Quick note (optional)"
      />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}
