/**
 * A page title in the page language for routes whose loader has no signed-in participant to ask
 * (sign-in, invitation): read from the strings the root loader sends (ADR 011). Client-safe.
 */
type Strings = Record<string, unknown>
type Match = { id: string; data?: unknown }

export function titleFromRoot(matches: readonly Match[], key: string, fallback: string): string {
  const strings = (matches.find((m) => m.id === 'root')?.data as { strings?: Strings } | undefined)?.strings
  const lookup = (path: string) =>
    path.split('.').reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Strings)[p] : undefined), strings)
  const page = lookup(key)
  const app = lookup('app.name')
  return typeof page === 'string' && typeof app === 'string' ? `${page} · ${app}` : fallback
}
