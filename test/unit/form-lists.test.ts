import {
  getCollectionProps,
  getInputProps,
  getSelectProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  choiceInputs,
  fieldsetFields,
  listItems,
  listRows,
  readOnce,
  rowInput,
  rowSelect,
  SelectField,
  TextareaField,
  TextField,
  type Field,
} from '~/components/forms'

/**
 * The session screen's fast paths over conform's metadata (issue 16) must give exactly what
 * conform's own field metadata and prop getters give: the same names, ids, initial values and
 * errors, and the same input attributes.
 */
type Form = {
  rows: { participantId: string; status?: string; note?: string; delivered?: string }[]
  results: string[]
  entry: { who?: string; on?: string; results: string[] }
}
const PICK = ['id', 'name', 'formId', 'errorId', 'descriptionId', 'initialValue', 'errors'] as const
const pick = (f: Field) => Object.fromEntries(PICK.map((k) => [k, f[k]]))

type Fields = {
  rows: FieldMetadata<Form['rows'], Form, string[]>
  results: FieldMetadata<string[], Form, string[]>
  entry: FieldMetadata<Form['entry'], Form, string[]>
}

/** Renders a conform form on the server and hands its fields to `inspect`. */
function withFields(lastResult: SubmissionResult<string[]> | undefined, inspect: (fields: Fields) => void) {
  function Probe() {
    const [, fields] = useForm<Form>({
      id: 'meeting-1-3',
      lastResult,
      defaultValue: {
        rows: [{ participantId: '7', status: 'present', note: '', delivered: 'on' }, { participantId: '9' }],
        results: ['negative', '', 'positive'],
        entry: { who: '7', results: ['', 'negative'] },
      },
    })
    inspect(fields as Fields)
    return null
  }
  renderToStaticMarkup(createElement(Probe))
}

const REPLY: SubmissionResult<string[]> = {
  status: 'error',
  initialValue: {
    rows: [
      { participantId: '7', status: 'late' },
      { participantId: '9', note: 'left early', delivered: 'on' },
    ],
    // the browser sends only the substances chosen
    results: ['negative', undefined, 'positive'] as unknown as string[],
    entry: { who: '9', on: '2099-01-01', results: ['positive'] },
  },
  error: {
    'rows[1].status': ['Choose an attendance status.'],
    'rows[1].note': ['Keep the note short.'],
    'results[1]': ['Choose negative or positive.'],
    'entry.on': ['The date cannot be in the future.'],
    'entry.results[1]': ['Choose negative or positive.'],
  },
}

describe('listRows and listItems', () => {
  for (const [label, reply] of [
    ['a new form', undefined],
    ['a rejected post', REPLY],
  ] as const)
    it(`name, identify and fill rows as conform does (${label})`, () => {
      withFields(reply, (fields) => {
        const conformRows = fields.rows.getFieldList().map((row) => {
          const set = row.getFieldset()
          return { participantId: pick(set.participantId), status: pick(set.status), note: pick(set.note) }
        })
        const ours = listRows(fields.rows, ['participantId', 'status', 'note']).map((r) => ({
          participantId: pick(r.participantId),
          status: pick(r.status),
          note: pick(r.note),
        }))
        expect(ours).toEqual(conformRows)
        expect(ours.length).toBe(2)
        expect(listItems(fields.results).map(pick)).toEqual(fields.results.getFieldList().map(pick))
      })
    })

  it('carry a rejected post’s errors to the row they belong to', () => {
    withFields(REPLY, (fields) => {
      const rows = listRows(fields.rows, ['participantId', 'status'])
      expect(rows[0].status.errors).toBeUndefined()
      expect(rows[1].status.errors).toEqual(['Choose an attendance status.'])
      expect(rows[0].status.initialValue).toBe('late')
      expect(listItems(fields.results)[1].errors).toEqual(['Choose negative or positive.'])
    })
  })
})

describe('fieldsetFields', () => {
  for (const [label, reply] of [
    ['a new form', undefined],
    ['a rejected post', REPLY],
  ] as const)
    it(`name, identify and fill a fieldset's fields as conform's getFieldset does (${label})`, () => {
      withFields(reply, (fields) => {
        const set = fields.entry.getFieldset()
        const ours = fieldsetFields(fields.entry, ['who', 'on', 'results'])
        for (const key of ['who', 'on', 'results'] as const) {
          expect(pick(ours[key])).toEqual(pick(set[key]))
          expect(ours[key].allErrors).toEqual(set[key].allErrors)
        }
        expect(listItems(ours.results).map(pick)).toEqual(set.results.getFieldList().map(pick))
        // what the entry holds, so the comparison above is not of empty fields
        if (reply) {
          expect(ours.on.errors).toEqual(['The date cannot be in the future.'])
          expect(ours.results.allErrors).toEqual({ 'entry.results[1]': ['Choose negative or positive.'] })
        } else expect(ours.who.initialValue).toBe('7')
      })
    })
})

/**
 * What our builders leave out of conform's props, on purpose: the `form` attribute (every control
 * sits inside its form), and the id of a control that sits inside its label (a choice, a checkbox)
 * or has none (a hidden field). Fewer attributes on the session screen's hundred controls (issue 16).
 */
const without =
  (...keys: string[]) =>
  (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(props).filter(([k]) => !keys.includes(k)))
const inLabel = without('id', 'form')
const inForm = without('form')

describe('choiceInputs', () => {
  const strip = (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(props).filter(([k, v]) => k !== 'key' && v !== undefined))

  for (const [label, reply] of [
    ['a new form', undefined],
    ['a rejected post', REPLY],
  ] as const)
    it(`gives the inputs conform's getCollectionProps gives (${label})`, () => {
      withFields(reply, (fields) => {
        for (const row of listRows(fields.rows, ['status'])) {
          const values = ['present', 'late', 'excused', 'absent']
          expect(choiceInputs(row.status, 'radio', values).map(strip)).toEqual(
            getCollectionProps(row.status, { type: 'radio', options: values }).map(strip).map(inLabel),
          )
        }
        const result = readOnce(listItems(fields.results)[1])
        expect(choiceInputs(result, 'checkbox', ['negative', 'positive']).map(strip)).toEqual(
          getCollectionProps(result, { type: 'checkbox', options: ['negative', 'positive'] })
            .map(strip)
            .map(inLabel),
        )
      })
    })
})

describe('rowInput', () => {
  const strip = (props: object) =>
    Object.fromEntries(Object.entries(props).filter(([k, v]) => k !== 'key' && v !== undefined))

  for (const [label, reply] of [
    ['a new form', undefined],
    ['a rejected post', REPLY],
  ] as const)
    it(`gives the props conform's getInputProps gives for a row's fields (${label})`, () => {
      withFields(reply, (fields) => {
        const rows = listRows(fields.rows, ['participantId', 'note', 'delivered'])
        expect(rows.length).toBe(2)
        for (const row of rows) {
          expect(strip(rowInput(row.participantId, 'hidden'))).toEqual(
            inLabel(strip(getInputProps(row.participantId, { type: 'hidden' }))),
          )
          expect(strip(rowInput(row.note, 'text'))).toEqual(inForm(strip(getInputProps(row.note, { type: 'text' }))))
          expect(strip(rowInput(row.delivered, 'checkbox'))).toEqual(
            inLabel(strip(getInputProps(row.delivered, { type: 'checkbox' }))),
          )
        }
        const entry = fieldsetFields(fields.entry, ['who', 'on'])
        expect(strip(rowInput(entry.on, 'date'))).toEqual(inForm(strip(getInputProps(entry.on, { type: 'date' }))))
        expect(strip(rowSelect(entry.who))).toEqual(inForm(strip(getSelectProps(entry.who))))
        expect(strip(rowSelect(entry.who))).toMatchObject({ defaultValue: reply ? '9' : '7' })
        if (reply)
          expect(rowInput(entry.on, 'date')).toMatchObject({ 'aria-invalid': true, defaultValue: '2099-01-01' })
        // what the rows hold, so the comparison above is not of empty props
        expect(strip(rowInput(rows[0].participantId, 'hidden'))).toMatchObject({ defaultValue: '7' })
        if (reply) expect(rowInput(rows[1].note, 'text')).toMatchObject({ 'aria-invalid': true })
        else expect(rowInput(rows[0].delivered, 'checkbox')).toMatchObject({ defaultChecked: true })
      })
    })
})

describe('TextField, TextareaField and SelectField read a field once', () => {
  const Schema = z.object({
    minutes: z.number().int().min(0).max(120),
    on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    at: z.string().min(5).max(5),
    email: z.string().email().min(3).max(200),
    notes: z.string().max(5000).optional(),
    who: z.enum(['a', 'b']),
  })
  type Values = z.input<typeof Schema>
  /** The attributes of the one input, textarea or select in some markup. */
  const attributes = (html: string) => {
    const tag = /<(input|textarea|select)\b([^>]*)>/.exec(html)!
    return Object.fromEntries([...tag[2].matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1], m[2] ?? '']))
  }
  /** Conform's own prop getter on conform's own metadata, with the control's fixed attributes. */
  const conformInput = (meta: Field, type: string) =>
    renderToStaticMarkup(
      createElement('input', { ...getInputProps(meta, { type: type as 'text' }), className: 'input' }),
    )

  for (const [label, lastResult] of [
    ['a new form', undefined],
    [
      'a rejected post',
      {
        status: 'error',
        initialValue: { minutes: '200', on: 'x', at: '9', email: 'n', notes: 'typed', who: 'b' },
        error: { minutes: ['Too many.'], email: ['Not an email.'] },
      } as SubmissionResult<string[]>,
    ],
  ] as const)
    it(`with the attributes conform's getters give (${label})`, () => {
      function Probe() {
        const [, fields] = useForm<Values>({
          id: 'f',
          lastResult,
          defaultValue: { minutes: 30, notes: 'kept' },
          constraint: getZodConstraint(Schema),
        })
        const cases: [Field, string][] = [
          [fields.minutes, 'number'],
          [fields.on, 'date'],
          [fields.at, 'time'],
          [fields.email, 'email'],
        ]
        for (const [meta, type] of cases) {
          const ours = attributes(
            renderToStaticMarkup(createElement(TextField, { meta, label: 'x', type: type as 'text' })),
          )
          const theirs = attributes(conformInput(meta, type))
          expect(ours).toEqual(theirs)
        }
        // what the fields hold, so the comparison above is not of unconstrained inputs
        expect(attributes(conformInput(fields.minutes, 'number'))).toMatchObject({ min: '0', max: '120' })
        expect(attributes(conformInput(fields.on, 'date'))).toHaveProperty('pattern')
        expect(attributes(conformInput(fields.email, 'email'))).toMatchObject({ minLength: '3', maxLength: '200' })
        const notes = attributes(renderToStaticMarkup(createElement(TextareaField, { meta: fields.notes, label: 'x' })))
        expect(notes).toMatchObject({ maxLength: '5000', name: 'notes', id: 'f-notes' })
        const who = attributes(
          renderToStaticMarkup(
            createElement(SelectField, {
              meta: fields.who,
              label: 'x',
              options: [
                { value: 'a', label: 'A' },
                { value: 'b', label: 'B' },
              ],
            }),
          ),
        )
        expect(who).toEqual(
          attributes(
            renderToStaticMarkup(createElement('select', { ...getSelectProps(fields.who), className: 'input' })),
          ),
        )
        if (lastResult)
          expect(attributes(conformInput(fields.minutes, 'number'))).toMatchObject({ 'aria-invalid': 'true' })
        return null
      }
      renderToStaticMarkup(createElement(Probe))
    })
})
