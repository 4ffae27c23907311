/**
 * A small RFC 4180 CSV parser for tests (the project has no CSV parser dependency): quoted
 * fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF records. Throws on a
 * stray quote or an unterminated field, so a malformed export fails the test.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  let fieldStarted = false
  while (i < text.length) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        if (i < text.length && !',\r\n'.includes(text[i])) throw new Error(`CSV: text after a closing quote at ${i}`)
        continue
      }
      field += c
      i++
      continue
    }
    if (c === '"') {
      if (field !== '') throw new Error(`CSV: a quote inside an unquoted field at ${i}`)
      quoted = true
      fieldStarted = true
      i++
    } else if (c === ',') {
      row.push(field)
      field = ''
      fieldStarted = true
      i++
    } else if (c === '\r' || c === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      fieldStarted = false
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      field += c
      fieldStarted = true
      i++
    }
  }
  if (quoted) throw new Error('CSV: unterminated quoted field')
  if (fieldStarted || field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** Rows as objects keyed by the header, checking every row has exactly the header's width. */
export function csvObjects(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...rest] = parseCsv(text)
  rest.forEach((r, i) => {
    if (r.length !== header.length)
      throw new Error(`CSV row ${i + 2} has ${r.length} fields, header has ${header.length}`)
  })
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]]))) }
}
