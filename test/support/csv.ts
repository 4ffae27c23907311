import { parse } from 'csv-parse/sync'

/**
 * Exports are read back with a real RFC 4180 parser (csv-parse), strict: every row must have the
 * header's width (csv-parse refuses otherwise), quotes must be balanced, nothing is trimmed.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { relax_quotes: false, relax_column_count: false, skip_empty_lines: false }) as string[][]
}

/** Rows as objects keyed by the header. */
export function csvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rest] = parseCsv(text)
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]]))) }
}
