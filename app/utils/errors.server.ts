export type DomainErrorCode = 'bad_request' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'too_many'

const STATUS: Record<DomainErrorCode, number> = {
  bad_request: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_many: 429,
}

/** A broken domain rule, with a message a person can act on. Services throw it; routes map it. */
export class DomainError extends Error {
  readonly status: number
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.status = STATUS[code]
  }
}

export const notFound = (what = 'This page') => new DomainError('not_found', `${what} was not found.`)

/** A unique constraint refused the write (SQLite's or PostgreSQL's wording of it). */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const code = (error as { code?: unknown }).code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}
