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
 * one entry at a time — who, the collection date (its 2-week period follows from it), and each
 * substance chosen, none preset. "Save test result" sends it with its own intent; the rest of the
 * form comes back as it was.
 */
export function ToxAtCheckin({
  meta,
  people,
  recorded,
  savedMessage,
}: {
  /** the meeting form's `tox` fieldset */
  meta: Field
  people: readonly { id: number; name: string }[]
  recorded: readonly ToxRecorded[]
  savedMessage?: string
}) {
  // read once, as the attendance rows are (conform's getters re-read its state per property)
  const tox = fieldsetFields(meta, ['participantId', 'collectedOn', 'panel', 'results'])
  const results = listItems(tox.results)
  const nameOf = (id: number) => people.find((p) => p.id === id)?.name ?? `#${id}`
  const hasErrors = [tox.participantId, tox.collectedOn, tox.panel, ...results].some((f) => f.errors?.length)
  return (
    <details className="rounded border border-slate-200 px-2 py-1 text-sm" open={hasErrors || !!savedMessage}>
      <summary className="cursor-pointer font-semibold">
        Toxicology at check-in ({recorded.length} recorded this week)
      </summary>
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
      ) : null}
      <div className="mt-2 grid gap-2 sm:grid-cols-3">
        <div>
          <label className="label text-sm" htmlFor={tox.participantId.id}>
            Person tested
          </label>
          <select {...rowSelect(tox.participantId)} className="input mt-0 h-9 py-1 text-sm">
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
    </details>
  )
}
