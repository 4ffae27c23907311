import { eq, and } from 'drizzle-orm'
import { groups, participants, type Arm } from '#db/schema'
import { getDb } from '~/db.server'
import { requestAs } from '../support/factories'

/**
 * What a loader or action did, read the way Remix would: a thrown or returned Response
 * (403/404/redirect), a returned `data()` reply (its init.status) or plain data (200).
 */
export type Outcome = { status: number; location: string | null; thrown: boolean; data: unknown }

type DataReply = { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null }
const isDataReply = (v: unknown): v is DataReply =>
  !!v && typeof v === 'object' && (v as { type?: string }).type === 'DataWithResponseInit'

export async function outcome(run: () => unknown): Promise<Outcome> {
  let value: unknown
  let thrown = false
  try {
    value = await run()
  } catch (error) {
    if (!(error instanceof Response) && !isDataReply(error)) throw error
    value = error
    thrown = true
  }
  if (value instanceof Response)
    return { status: value.status, location: value.headers.get('Location'), thrown, data: null }
  if (isDataReply(value)) return { status: value.init?.status ?? 200, location: null, thrown, data: value.data }
  return { status: 200, location: null, thrown, data: value }
}

type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown
export type RouteModule = { loader?: RouteFn; action?: RouteFn }

/** GET the route's loader as `user` (null = signed out). */
export async function load(
  mod: RouteModule,
  user: { id: number } | null,
  url: string,
  params: Record<string, string> = {},
) {
  const request = await requestAs(user, url)
  return outcome(() => mod.loader!({ request, params, context: {} }))
}

/** POST a form to the route's action as `user`. */
export async function post(
  mod: RouteModule,
  user: { id: number } | null,
  url: string,
  params: Record<string, string> = {},
  form: Record<string, string | string[]> = {},
) {
  const request = await requestAs(user, url, { form })
  return outcome(() => mod.action!({ request, params, context: {} }))
}

/** Loader data, failing loudly when the loader refused. */
export async function loaderData<T = Record<string, unknown>>(
  mod: RouteModule,
  user: { id: number } | null,
  url: string,
  params: Record<string, string> = {},
) {
  const o = await load(mod, user, url, params)
  if (o.status !== 200) throw new Error(`GET ${url} gave ${o.status}${o.location ? ` → ${o.location}` : ''}`)
  return o.data as T
}

export function groupOf(cohortId: number, arm: Arm) {
  return getDb()
    .select()
    .from(groups)
    .where(and(eq(groups.cohortId, cohortId), eq(groups.arm, arm)))
    .get()!
}

/** Fixture shortcut: places an enrolled participant straight into a group (no randomization). */
export function placeIn(participantId: number, groupId: number) {
  getDb().update(participants).set({ groupId, status: 'active' }).where(eq(participants.id, participantId)).run()
}

/** Every key anywhere in a JSON-able value. */
export function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k)
      keysOf(v, into)
    }
  }
  return into
}

export const loginRedirect = (url: string) => {
  const u = new URL(url, 'http://localhost')
  return `/login?redirectTo=${encodeURIComponent(u.pathname + u.search)}`
}

/** The errors of a refused form (conform's `result` in the action's reply), as the page would show them. */
export function errorsOf(data: unknown): { formErrors: string[]; fieldErrors: Record<string, string[]> } {
  const error = ((data as { result?: { error?: Record<string, string[] | null> } } | null)?.result?.error ??
    {}) as Record<string, string[] | null>
  const fieldErrors: Record<string, string[]> = {}
  for (const [key, messages] of Object.entries(error)) if (key !== '' && messages?.length) fieldErrors[key] = messages
  return { formErrors: error['']?.filter(Boolean) ?? [], fieldErrors }
}

/** What a refused form sends back to be shown again (conform's `initialValue`). */
export function typedValuesOf(data: unknown): Record<string, unknown> {
  return ((data as { result?: { initialValue?: Record<string, unknown> } } | null)?.result?.initialValue ??
    {}) as Record<string, unknown>
}
