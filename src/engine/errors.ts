// Domain errors: what went wrong, in the domain's words, with the request field it concerns.
// Domain code throws these and knows nothing of HTTP; src/http/errors.ts maps each kind to Ivy's
// error body (status, code, category) in one place.

export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'too_large' | 'unavailable'

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind
  constructor(
    message: string,
    /** The request field at fault, as Ivy's `param` names it. */
    readonly param?: string,
    /** Facts a caller can act on (where an advance stopped, say). */
    readonly data?: unknown,
  ) {
    super(message)
  }
}

/** A value breaks a rule beyond its shape (a currency the order does not have, say). */
export class Invalid extends DomainError {
  readonly kind = 'invalid'
}

export class NotFound extends DomainError {
  readonly kind = 'not_found'
  constructor(what: string, param = 'id') {
    super(`${what} not found`, param)
  }
}

/** The object is not in a state that allows this (a paid order expired, a return made twice). */
export class Conflict extends DomainError {
  readonly kind = 'conflict'
}

/** The merchant may not do this (open-loop payouts switched off, say). */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden'
}

/** No credentials, or credentials that name nobody. */
export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated'
  constructor(
    message: string,
    readonly missing: boolean,
    param?: string,
  ) {
    super(message, param)
  }
}

export class TooLarge extends DomainError {
  readonly kind = 'too_large'
}

/** The work stopped before its end; `data` says where, and asking again goes on. */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable'
}
