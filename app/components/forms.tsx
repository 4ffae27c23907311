import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
  type FormMetadata,
} from '@conform-to/react'
import { useFormAction, useNavigation } from '@remix-run/react'
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react'
import { useMessage } from '~/i18n/use-message'

/**
 * The one set of form controls (conform, after the Epic Stack's forms.tsx). Every control takes
 * conform's field metadata, so its label, hint and errors are wired for assistive technology the
 * same way everywhere, and a rejected post re-renders with exactly what the person typed.
 */

type Errors = string[] | null | undefined

/**
 * Any field of any form: controls accept fields whatever their value type. conform's metadata is
 * invariant in the form schema, so `unknown` would not accept a concrete form: `any` is deliberate.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Field<Value = any> = FieldMetadata<Value, any, string[]>

type Constraint = 'minLength' | 'maxLength' | 'min' | 'max' | 'step' | 'pattern'

/**
 * A field's metadata read once into a plain object, for conform's prop getters and our controls.
 * Every read of conform's metadata builds the metadata anew and records a subscription, so a
 * getter that reads a dozen properties (or is called per option) costs a dozen builds; controls
 * render from this instead (issue 16). Of the constraints, only those named are read (those that
 * apply to the control: a length for text, a range for a number), so conform's getters see the
 * others as unset, as they are. `value`, `dirty` and `valid` are left out, so the component does
 * not re-render on every keystroke elsewhere. The error and description ids follow from the id as
 * conform makes them.
 */
export function readOnce<M extends Field>(meta: M, constraints: readonly Constraint[] = []): M {
  const { id, name, formId, errors, initialValue, required } = meta
  const field: Record<string, unknown> = {
    id,
    name,
    formId,
    errors,
    initialValue,
    required,
    errorId: `${id}-error`,
    descriptionId: `${id}-description`,
  }
  for (const c of constraints) field[c] = meta[c]
  return field as M
}

/**
 * The constraints a schema can set for an input (what `getInputProps` would find set): a range for
 * a number; a length or a pattern for anything held as a string (text, and dates and times here).
 */
const inputConstraints = (type: string): readonly Constraint[] =>
  type === 'number' ? ['min', 'max', 'step'] : ['minLength', 'maxLength', 'pattern']

/**
 * The inputs of a set of radio buttons or checkboxes, as conform's `getCollectionProps` makes them
 * (checked from the initial value, invalid while the field has errors), built in one pass:
 * conform's helper spreads and prunes an object per option, which on the session screen's hundred
 * options cost more than rendering them. Each input goes inside its label and inside its form, so
 * it needs neither an id nor a `form` attribute: the session screen draws about a hundred, and
 * every attribute is work on every render (issue 16).
 */
export function choiceInputs(meta: Field, type: 'radio' | 'checkbox', values: readonly string[]) {
  const { name, initialValue, required, errors, errorId } = meta
  const invalid = errors !== undefined
  return values.map((value) => ({
    name,
    type,
    value,
    defaultChecked:
      type === 'checkbox' && Array.isArray(initialValue) ? initialValue.includes(value) : initialValue === value,
    // on a checkbox group `required` would ask for every box
    required: (type === 'radio' && required) || undefined,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? errorId : undefined,
  }))
}

/**
 * The props of an input for a field of `listRows` or `readOnce` (a hidden id, a checkbox, a short
 * note), as conform's `getInputProps` makes them for such a field, built directly: the prop getter
 * spreads and prunes four objects per input, which on the session screen's rows cost more than
 * rendering them. No length or range constraints (`listRows` reads none). Like `choiceInputs`,
 * the input goes inside its form (no `form` attribute), and a checkbox inside its label; only a
 * text or date input, labelled by `for`, has an id.
 */
export function rowInput(meta: Field, type: 'hidden' | 'checkbox' | 'text' | 'date') {
  const { name, initialValue } = meta
  if (type === 'hidden')
    return { name, type, defaultValue: typeof initialValue === 'string' ? initialValue : undefined }
  const { errors, errorId } = meta
  const invalid = errors !== undefined
  const props: InputHTMLAttributes<HTMLInputElement> & { 'aria-invalid'?: boolean } = {
    name,
    type,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? errorId : undefined,
  }
  if (type === 'checkbox') {
    props.value = 'on'
    props.defaultChecked = Array.isArray(initialValue) ? initialValue.includes('on') : initialValue === 'on'
  } else {
    // a text or date input is labelled by its id
    props.id = meta.id
    if (typeof initialValue === 'string') props.defaultValue = initialValue
  }
  return props
}

/** The props of a select for such a field, as conform's `getSelectProps` makes them (inside its form). */
export function rowSelect(meta: Field) {
  const { id, name, initialValue, errors, errorId } = meta
  const invalid = errors !== undefined
  return {
    id,
    name,
    defaultValue: typeof initialValue === 'string' ? initialValue : undefined,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? errorId : undefined,
  }
}

/**
 * A field of a list's row or a fieldset, named and identified as conform names it
 * (`checkin[3].status`), with its errors and, as conform gives them, those of the fields under it.
 * A class, not an object literal: the session screen makes a hundred per render, and a literal
 * with a spread and a getter costs ten times as much to build (issue 16). Its ids are made when
 * read: most rows' fields (a hidden id, a set of radios) never read them.
 */
class ItemField {
  readonly errors: string[] | undefined
  constructor(
    readonly formId: string,
    readonly name: string,
    readonly initialValue: unknown,
    private readonly formErrors: Record<string, string[]>,
  ) {
    this.errors = formErrors[name]
  }
  get id() {
    return `${this.formId}-${this.name}`
  }
  get errorId() {
    return `${this.id}-error`
  }
  get descriptionId() {
    return `${this.id}-description`
  }
  get allErrors() {
    const name = this.name
    return Object.fromEntries(
      Object.entries(this.formErrors).filter(
        ([key]) => key === name || key.startsWith(`${name}.`) || key.startsWith(`${name}[`),
      ),
    )
  }
}

function itemField(formId: string, name: string, initialValue: unknown, errors: Record<string, string[]>) {
  return new ItemField(formId, name, initialValue, errors) as unknown as Field
}

/**
 * The rows of a list field (conform's `getFieldList().map(getFieldset)`), each row's fields as
 * plain objects built from three reads of the list (its form, initial value and errors) instead
 * of several reads per field: the session screen's attendance rows (issue 16). For choices and
 * hidden fields: no length or range constraints are read (the action validates every row).
 */
export function listRows<K extends string>(list: Field, keys: readonly K[]): Record<K, Field>[] {
  const { formId, name, initialValue, allErrors } = list
  const rows: unknown[] = Array.isArray(initialValue) ? initialValue : []
  return rows.map(
    (row, i) =>
      Object.fromEntries(
        keys.map((k) => {
          const value = row && typeof row === 'object' ? (row as Record<string, unknown>)[k] : undefined
          return [k, itemField(formId, `${name}[${i}].${k}`, value, allErrors)]
        }),
      ) as Record<K, Field>,
  )
}

/**
 * The fields of a fieldset (conform's `getFieldset()`), read as `listRows` reads a row: the
 * session screen's toxicology entry (issue 16).
 */
export function fieldsetFields<K extends string>(meta: Field, keys: readonly K[]): Record<K, Field> {
  const { formId, name, initialValue, allErrors } = meta
  const value = initialValue && typeof initialValue === 'object' ? (initialValue as Record<string, unknown>) : {}
  return Object.fromEntries(keys.map((k) => [k, itemField(formId, `${name}.${k}`, value[k], allErrors)])) as Record<
    K,
    Field
  >
}

/** The items of a list of single values (`tox.results[2]`), read as `listRows` reads rows. */
export function listItems(list: Field): Field[] {
  const { formId, name, initialValue, allErrors } = list
  const items: unknown[] = Array.isArray(initialValue) ? initialValue : []
  return items.map((value, i) => itemField(formId, `${name}[${i}]`, value, allErrors))
}

export function ErrorList({ id, errors }: { id?: string; errors: Errors }) {
  const list = errors?.filter(Boolean)
  // most fields have no error: no translation hook for them (a form can hold hundreds of fields)
  return list?.length ? <Messages id={id} list={list} /> : null
}

function Messages({ id, list }: { id?: string; list: string[] }) {
  const message = useMessage()
  return (
    <ul id={id} className="error mt-1 space-y-0.5">
      {list.map((e) => (
        <li key={e}>{message(e)}</li>
      ))}
    </ul>
  )
}

/** A form's own errors (not tied to one field), announced when they appear. */
export function FormErrors({
  form,
}: {
  form: Pick<FormMetadata<Record<string, unknown>, string[]>, 'errorId' | 'errors'>
}) {
  const message = useMessage()
  if (!form.errors?.length) return null
  return (
    <div id={form.errorId} role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
      {form.errors.map((e) => (
        <p key={e}>{message(e)}</p>
      ))}
    </div>
  )
}

/** Ids a custom control needs so its label, hint and error are announced with it. */
export function fieldAria(meta: Field, hint?: ReactNode) {
  const invalid = !!meta.errors?.length
  const describedBy = [hint ? meta.descriptionId : null, invalid ? meta.errorId : null].filter(Boolean).join(' ')
  return {
    id: meta.id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy || undefined,
  } as const
}

function Hint({ id, children }: { id: string; children?: ReactNode }) {
  return children ? (
    <p id={id} className="text-sm text-slate-700">
      {children}
    </p>
  ) : null
}

type Base = { meta: Field; label: ReactNode; hint?: ReactNode; className?: string }

export function TextField({
  meta,
  label,
  hint,
  className = 'mb-4',
  type = 'text',
  ...attrs
}: Base & { type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'time' | 'url' | 'tel' | 'search' } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'type' | 'name' | 'id' | 'defaultValue' | 'className'
  >) {
  meta = readOnce(meta, inputConstraints(type))
  const { key, ...props } = getInputProps(meta, {
    type,
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  })
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="label">
        {label}
      </label>
      <Hint id={meta.descriptionId}>{hint}</Hint>
      <input key={key} {...props} {...attrs} className="input" />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function TextareaField({
  meta,
  label,
  hint,
  className = 'mb-4',
  ...attrs
}: Base & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id' | 'defaultValue' | 'className'>) {
  meta = readOnce(meta, inputConstraints('text'))
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined })
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="label">
        {label}
      </label>
      <Hint id={meta.descriptionId}>{hint}</Hint>
      <textarea key={key} {...props} {...attrs} className="input" />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export type Option = { value: string; label: ReactNode }

/** A select whose first option is empty: nothing is chosen until the person chooses. */
export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder = 'Choose…',
  className = 'mb-4',
}: Base & { options: readonly Option[]; placeholder?: string }) {
  meta = readOnce(meta)
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined })
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="label">
        {label}
      </label>
      <Hint id={meta.descriptionId}>{hint}</Hint>
      <select key={key} {...props} className="input">
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/**
 * Radio buttons or checkboxes in a fieldset. No option is preset unless the record already holds
 * one. `optionClassName` styles each label (large tap targets on phones).
 */
export function ChoiceField({
  meta,
  label,
  hint,
  options,
  type = 'radio',
  className = 'mb-4',
  listClassName = 'flex flex-wrap gap-x-4 gap-y-1',
  optionClassName = 'inline-flex min-h-[44px] items-center gap-2',
  inputClassName,
  legendClassName = 'label',
}: Base & {
  options: readonly Option[]
  type?: 'radio' | 'checkbox'
  listClassName?: string
  optionClassName?: string
  inputClassName?: string
  legendClassName?: string
}) {
  meta = readOnce(meta)
  const inputs = choiceInputs(
    meta,
    type,
    options.map((o) => o.value),
  )
  const aria = fieldAria(meta, hint)
  return (
    <fieldset
      className={className}
      aria-invalid={aria['aria-invalid']}
      aria-describedby={aria['aria-describedby']}
      id={meta.id}
    >
      <legend className={legendClassName}>{label}</legend>
      <Hint id={meta.descriptionId}>{hint}</Hint>
      <div className={listClassName}>
        {inputs.map((props, i) => (
          <label key={props.value} className={optionClassName}>
            <input {...props} className={inputClassName} />
            {options[i].label}
          </label>
        ))}
      </div>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

/** One checkbox with its label and error. */
export function CheckboxField({ meta, label, hint, className = 'mb-2' }: Base) {
  meta = readOnce(meta)
  const { key, ...props } = getInputProps(meta, {
    type: 'checkbox',
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  })
  return (
    <div className={className}>
      <label className="flex items-start gap-2" htmlFor={meta.id}>
        <input key={key} {...props} className="mt-1 h-5 w-5 shrink-0" />
        <span>{label}</span>
      </label>
      <Hint id={meta.descriptionId}>{hint}</Hint>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/**
 * Whether this page's form is being submitted (after the Epic Stack's `useIsPending`). With
 * `intent`, only when the submitted form carried that intent.
 */
export function useIsPending({ formAction, intent }: { formAction?: string; intent?: string } = {}) {
  const contextual = useFormAction()
  const navigation = useNavigation()
  if (navigation.state === 'idle' || !navigation.formMethod) return false
  if (navigation.formAction !== (formAction ?? contextual)) return false
  return intent === undefined || navigation.formData?.get('intent') === intent
}

/** A submit button that says it is working while its form is being sent. */
export function StatusButton({
  pendingText,
  intent,
  formAction,
  className = 'btn',
  children,
  ...attrs
}: { pendingText: ReactNode; intent?: string; formAction?: string } & ButtonHTMLAttributes<HTMLButtonElement>) {
  const pending = useIsPending({ formAction, intent })
  return (
    <button
      type="submit"
      {...(intent ? { name: 'intent', value: intent } : {})}
      {...attrs}
      className={className}
      aria-disabled={pending || undefined}
      disabled={pending || attrs.disabled}
    >
      {pending ? pendingText : children}
    </button>
  )
}
