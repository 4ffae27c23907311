/** TEMPORARY (issue 8): the old form helpers, until every route is on forms.server.ts. Delete when unused. */
import type { ReactNode } from 'react'
import type { FormReply } from '~/utils/forms-legacy.server'

/** Shows a form's overall errors; pass the action data of the route. */
export function FormErrors({ reply }: { reply: unknown }) {
  const errors = asReply(reply)?.formErrors
  if (!errors?.length) return null
  return (
    <div role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  )
}

export function fieldError(reply: unknown, name: string): string | undefined {
  return asReply(reply)?.fieldErrors?.[name]?.[0]
}

function asReply(reply: unknown): FormReply | undefined {
  return reply && typeof reply === 'object' && (reply as FormReply).status === 'error'
    ? (reply as FormReply)
    : undefined
}

type FieldProps = {
  label: string
  name: string
  reply?: unknown
  hint?: ReactNode
  type?: string
  defaultValue?: string | number | null
  required?: boolean
  autoComplete?: string
  children?: ReactNode
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'defaultValue'>

/** A labelled input with its hint and error wired up for assistive technology. */
export function Field({ label, name, reply, hint, type = 'text', defaultValue, children, ...rest }: FieldProps) {
  const error = fieldError(reply, name)
  const id = `f-${name}`
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className="mb-4">
      <label htmlFor={id} className="label">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {children ?? (
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={defaultValue ?? undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          className="input"
          {...rest}
        />
      )}
      {error ? (
        <p id={`${id}-error`} className="error">
          {error}
        </p>
      ) : null}
    </div>
  )
}
