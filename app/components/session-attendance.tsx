import type { FieldMetadata } from '@conform-to/react'
import type { MouseEvent } from 'react'
import { ATTENDANCE_STATUSES } from '#db/schema'
import { choiceInputs, ErrorList, listRows, rowInput, type Field } from '~/components/forms'
import { ATTENDANCE_LABEL } from '~/domain/meeting-record'

type Status = (typeof ATTENDANCE_STATUSES)[number]
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
  list,
  people,
}: {
  part: 'checkin' | 'group'
  title: string
  hint: string
  /** the form's list of rows: `{ participantId, status }`, and `note` in the group part */
  list: Field
  people: ReadonlyMap<number, Person>
}) {
  const rows = listRows(list, ['participantId', 'status', 'note'])
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
      {/* styled from the list (`.roll` in app/styles/tailwind.css says why) */}
      <ul className="roll">
        {rows.map((row, i) => {
          const { participantId: id, status } = row
          const pid = Number(id.initialValue)
          const person = people.get(pid)
          const who = person?.name ?? `#${pid}`
          const invalid = !!status.errors?.length
          return (
            <li key={i}>
              <input {...rowInput(id, 'hidden')} />
              <fieldset
                aria-invalid={invalid ? true : undefined}
                aria-describedby={invalid ? status.errorId : undefined}
              >
                <legend className="sr-only">{`${part === 'checkin' ? 'Check-in' : 'Group'} attendance for ${who}`}</legend>
                {/* the legend names the person for assistive technology; the study id on hover when a name is shown */}
                <span
                  className="who"
                  aria-hidden="true"
                  title={person && person.name !== person.studyId ? person.studyId : undefined}
                >
                  <span>{who}</span>
                  {part === 'checkin' && person && !person.onRoster ? <small>check-in only</small> : null}
                </span>
                {choiceInputs(status, 'radio', ATTENDANCE_STATUSES).map((props) => (
                  <label key={props.value}>
                    <input {...props} />
                    {ATTENDANCE_LABEL[props.value as Status]}
                  </label>
                ))}
                {part === 'checkin' ? (
                  <span role="img" aria-label={person?.surveyDone ? 'survey done' : 'no survey yet'}>
                    {person?.surveyDone ? '✓' : '–'}
                  </span>
                ) : null}
              </fieldset>
              <ErrorList id={status.errorId} errors={status.errors} />
            </li>
          )
        })}
      </ul>
      {part === 'group' && rows.length ? <AttendanceNotes list={list} rows={rows} people={people} /> : null}
    </section>
  )
}

/** Quick notes per person (optional), folded away until wanted; open when one is written. */
function AttendanceNotes({
  list,
  rows,
  people,
}: {
  list: Field
  rows: Record<'participantId' | 'note', Field>[]
  people: ReadonlyMap<number, Person>
}) {
  // a note typed now (or restored from a draft) keeps the notes open: subscribe to the notes only
  const notes = list as FieldMetadata<{ note?: string }[], Record<string, unknown>, string[]>
  const typed = notes.getFieldList().some((row) => !!row.getFieldset().note.value)
  const open = typed || rows.some((r) => !!r.note.initialValue || !!r.note.errors?.length)
  return (
    <details className="mt-1 text-sm" open={open}>
      <summary className="cursor-pointer font-medium">Notes on attendance (optional)</summary>
      <ul className="mt-1 space-y-1">
        {rows.map((r) => {
          const pid = Number(r.participantId.initialValue)
          const who = people.get(pid)?.name ?? `#${pid}`
          return (
            <li key={r.note.id} className="flex items-center gap-2">
              <label className="w-28 shrink-0 truncate" htmlFor={r.note.id}>
                <span className="sr-only">Note for </span>
                {who}
              </label>
              <input {...rowInput(r.note, 'text')} className="input mt-0 h-8 py-0 text-sm" maxLength={500} />
              <ErrorList id={r.note.errorId} errors={r.note.errors} />
            </li>
          )
        })}
      </ul>
    </details>
  )
}
