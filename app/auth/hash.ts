import { createHash } from 'node:crypto'

/** Tokens are stored only as their sha256: a leaked database row cannot be replayed. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
