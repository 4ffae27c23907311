import type { Arm } from '#db/schema'

/** URL arm segments are the content directory names. Unknown → null (the route 404s). */
export function armFromParam(param: string | undefined): Arm | null {
  return param === 'mrocc' ? 'mrocc' : param === 'recovery-support' ? 'recovery_support' : null
}

export function weekFromParam(param: string | undefined): number | null {
  const week = Number(param)
  return Number.isInteger(week) && week >= 1 && week <= 24 && String(week) === param ? week : null
}
