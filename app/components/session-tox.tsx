import { useEffect, useRef, useState } from 'react'
import {
  choiceInputs,
  ErrorList,
  fieldAria,
  fieldsetFields,
  listItems,
  rowInput,
  rowSelect,
  type Field,
} from '~/components/forms'
import { TOX_CLASSES, TOX_RESULTS } from '~/domain/instruments'

export type ToxRecorded = { participantId: number; collectedOn: string; period: number; positive: string[] }

/**
 * Toxicology from the check-in: the results recorded this week (one row per person tested), and
 * one entry at a time, shown on request ("Record a test result"): who, the collection date (its
 * 2-week period follows from it), and each substance chosen, none preset. Most weeks most people
 * are not tested, so the entry is not drawn until someone asks for it (issue 16). Without
 * JavaScript the button asks the server, which sends the form back as typed with the entry shown.
 * "Save test result" sends it with its own intent; the rest of the form comes back as it was.
 */
export function ToxAtCheckin({
  meta,
  people,
  recorded,
  savedMessage,
  shown,
}: {
  /** the meeting form's `tox` fieldset */
  meta: Field
  people: readonly { id: number; name: string }[]
  recorded: readonly ToxRecorded[]
  savedMessage?: string
  /** the entry is open: asked for without JavaScript, just saved, refused, or typed in a draft */
  shown: boolean
}) {
  // shown once, or asked for with its button (the first field then takes the focus): it stays
  // open until it is saved or set aside (the screen then draws a new one)
  const [opened, setOpened] = useState<'shown' | 'asked' | null>(shown ? 'shown' : null)
  if (shown && !opened) setOpened('shown')
  const nameOf = (id: number) => people.find((p) => p.id === id)?.name ?? `#${id}`
  return (
    <section aria-labelledby="tox-heading" className="rounded border border-slate-200 px-2 py-1 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="tox-heading" className="text-base">
          Toxicology at check-in
        </h3>
        {opened ? null : (
          <button
            type="submit"
            name="intent"
            value="open-tox"
            formNoValidate
            className="btn-secondary min-h-[32px] px-2 py-0.5 text-sm"
            onClick={(e) => {
              e.preventDefault()
              setOpened('asked')
            }}
          >
            Record a test result
          </button>
        )}
      </div>
      {savedMessage ? (
        <p role="status" className="mt-1 rounded bg-green-50 px-2 py-1 text-green-900">
          {savedMessage}
        </p>
      ) : null}
      {recorded.length ? (
        <ul className="mt-1 list-disc pl-5" aria-label="Toxicology recorded this week">
          {recorded.map((t, i) => (
            <li key={`${t.participantId}-${i}`}>
              {nameOf(t.participantId)}: collected {t.collectedOn} (period {t.period}),{' '}
              {t.positive.length ? <strong>positive for {t.positive.join(', ')}</strong> : 'all negative'}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-slate-700">None recorded this week.</p>
      )}
      {opened ? <ToxEntry meta={meta} people={people} focusOnOpen={opened === 'asked'} /> : null}
    </section>
  )
}

function ToxEntry({
  meta,
  people,
  focusOnOpen,
}: {
  meta: Field
  people: readonly { id: number; name: string }[]
  focusOnOpen: boolean
}) {
  // read once, as the attendance rows are (conform's getters re-read its state per property)
  const tox = fieldsetFields(meta, ['participantId', 'collectedOn', 'panel', 'results'])
  const results = listItems(tox.results)
  const person = useRef<HTMLSelectElement>(null)
  // opened by its button: the first field takes the focus
  useEffect(() => {
    if (focusOnOpen) person.current?.focus()
  }, [focusOnOpen])
  return (
    <div role="group" aria-label="Test result to record">
      <div className="mt-2 grid gap-2 sm:grid-cols-3">
        <div>
          <label className="label text-sm" htmlFor={tox.participantId.id}>
            Person tested
          </label>
          <select ref={person} {...rowSelect(tox.participantId)} className="input mt-0 h-9 py-1 text-sm">
            <option value="">Choose…</option>
            {people.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
          <ErrorList id={tox.participantId.errorId} errors={tox.participantId.errors} />
        </div>
        <div>
          <label className="label text-sm" htmlFor={tox.collectedOn.id}>
            Collected on
          </label>
          <input {...rowInput(tox.collectedOn, 'date')} className="input mt-0 h-9 py-1 text-sm" />
          <ErrorList id={tox.collectedOn.errorId} errors={tox.collectedOn.errors} />
        </div>
        <div>
          <label className="label text-sm" htmlFor={tox.panel.id}>
            Panel
          </label>
          <input {...rowInput(tox.panel, 'text')} className="input mt-0 h-9 py-1 text-sm" />
          <ErrorList id={tox.panel.errorId} errors={tox.panel.errors} />
        </div>
      </div>
      <div className="mt-2 grid gap-x-3 sm:grid-cols-2">
        {TOX_CLASSES.map((c, i) => {
          const r = results[i]
          if (!r) return null
          return (
            <fieldset key={c} className="flex flex-wrap items-center gap-x-3 py-0.5" {...fieldAria(r)}>
              <legend className="sr-only">{c}</legend>
              <span className="w-32 capitalize" aria-hidden="true">
                {c}
              </span>
              {choiceInputs(r, 'radio', TOX_RESULTS).map((props) => (
                <label key={props.value} className="inline-flex min-h-[28px] items-center gap-1 capitalize">
                  <input {...props} /> {props.value}
                </label>
              ))}
              <ErrorList id={r.errorId} errors={r.errors} />
            </fieldset>
          )
        })}
      </div>
      <div className="my-2 flex flex-wrap gap-2">
        <button type="submit" name="intent" value="tox" className="btn min-h-[32px] px-3 py-1 text-sm">
          Save test result
        </button>
        <button
          type="submit"
          name="intent"
          value="clear-tox"
          formNoValidate
          className="btn-secondary min-h-[32px] px-3 py-1 text-sm"
        >
          Set this entry aside
        </button>
      </div>
    </div>
  )
}
