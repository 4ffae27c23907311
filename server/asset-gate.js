/**
 * Which built client files anyone may download. Participants and signed-out visitors only ever
 * load the routes below; every other route chunk (cohort set-up, curriculum, session runner…)
 * names the programmes and their phases, so it is served only to signed-in staff (blinding).
 */
export const PUBLIC_ROUTE =
  /^(root|routes\/(_index|login|logout|account|account_\.calendar|account_\.reminders|unsubscribe\.\$token|language|invite\.\$token|me(\.[^/]*)?))$/

/**
 * @param {{ entry: { module: string, imports?: string[] }, routes: Record<string, { id: string, module: string, imports?: string[], css?: string[] }> }} manifest
 * @returns {Set<string>} public asset paths, e.g. "/assets/login-abc.js"
 */
export function publicAssets(manifest) {
  const files = new Set([manifest.entry.module, ...(manifest.entry.imports ?? [])])
  for (const route of Object.values(manifest.routes)) {
    if (!PUBLIC_ROUTE.test(route.id)) continue
    for (const file of [route.module, ...(route.imports ?? []), ...(route.css ?? [])]) files.add(file)
  }
  return files
}

/** Route chunks that only staff may download: every .js asset not in the public set. */
export function isStaffOnlyAsset(path, publicSet) {
  return (
    path.startsWith('/assets/') && path.endsWith('.js') && !path.startsWith('/assets/manifest-') && !publicSet.has(path)
  )
}
