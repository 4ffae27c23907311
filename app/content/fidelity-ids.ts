import type { FidelityItem } from './schema'

type ItemsOf = { fidelity: FidelityItem[]; proscribed?: FidelityItem[] }

/**
 * Every current item (prescribed, then proscribed) that a stored fidelity id stands for: the
 * item with that id, else the items that list it in `formerly`. An item split in two lists the
 * old id in both, so an old id can map to more than one item. [] when nothing matches.
 */
export function currentFidelityItemIds(lesson: ItemsOf, storedId: string): string[] {
  const items = [...lesson.fidelity, ...(lesson.proscribed ?? [])]
  if (items.some((i) => i.id === storedId)) return [storedId]
  return items.filter((i) => i.formerly?.includes(storedId)).map((i) => i.id)
}

/**
 * The current item id for an id stored by an earlier version of the lesson (checklists,
 * audits), following `formerly`; the first match in lesson order when an item was split;
 * null when the id no longer maps to anything.
 */
export function currentFidelityItemId(lesson: ItemsOf, storedId: string): string | null {
  return currentFidelityItemIds(lesson, storedId)[0] ?? null
}
