import { z } from 'zod'

/**
 * Lists with one entry per fixed row (an instrument's items, a panel's substance classes), in
 * that order. Client-safe: used by the route schemas and the pages that render them.
 */

/** Exactly `length` answers: a missing one is an error at its own index (`items[3]`), never a preset. */
export function fixedList<T extends z.ZodTypeAny>(item: T, length: number) {
  return z.preprocess((v) => Array.from({ length }, (_, i) => (Array.isArray(v) ? v[i] : undefined)), z.array(item))
}

/** An empty row per entry, so `getFieldList()` renders every row of a fresh form. */
export const emptyList = (length: number): string[] => Array.from({ length }, () => '')

type Result = { initialValue?: Record<string, unknown> | null } | null | undefined

/**
 * A refused reply's typed values with the list at `name` exactly `length` long. The browser sends
 * nothing for an unanswered row, so without this the rows after the last answer would not render.
 * `name` may be a dotted path into a nested part of the form (`weekly.craving`); a part that was
 * not sent is left as it is.
 */
export function withListLength<R extends Result>(result: R, name: string, length: number): R {
  const initial = result?.initialValue
  if (!result || !initial) return result
  const [head, ...rest] = name.split('.')
  if (rest.length) {
    const part = initial[head]
    if (!part || typeof part !== 'object' || Array.isArray(part)) return result
    const inner = withListLength({ initialValue: part as Record<string, unknown> }, rest.join('.'), length)
    return { ...result, initialValue: { ...initial, [head]: inner.initialValue } }
  }
  const typed = initial[name]
  const values: unknown[] = Array.isArray(typed) ? typed : typed == null ? [] : [typed]
  return { ...result, initialValue: { ...initial, [name]: Array.from({ length }, (_, i) => values[i] ?? '') } }
}
