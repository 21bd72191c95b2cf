// The faults' plain types, on their own so that the library's public surface (sandbox.faults)
// needs nothing of zod or the HTTP stack; schemas.ts validates and documents the same shapes.
import type { IvyPath } from '../engine/ivy-api.js'

export const FAULT_WHEN = ['before', 'after'] as const
export type FaultWhen = (typeof FAULT_WHEN)[number]
export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const
export type FaultStatus = (typeof FAULT_STATUSES)[number]

/** What POST /sandbox/faults takes. */
export interface FaultInput {
  /** The Ivy operation, as after /api/service/: "payout/create", "balance/retrieve", ... */
  path: IvyPath
  status: FaultStatus
  /** "before": answered without acting; "after": acted on and committed, then the answer is lost. */
  when: FaultWhen
  /** How many of the next requests to the path fail; default 1. */
  times?: number
  /** Seconds, sent as Retry-After. */
  retryAfter?: number
  /** Wall time the answer is held first, e.g. "2s" (at most 30s). */
  delay?: string
}

export interface ArmedFault {
  id: number
  path: IvyPath
  status: FaultStatus
  when: FaultWhen
  /** Requests still to fail. */
  remaining: number
  retryAfter: number | null
  delay: string | null
  /** Sandbox time it was armed (ISO). */
  createdAt: string
}

/** A fault a scenario declares under api.faults: it fails a seeded share of the requests to its path. */
export interface StandingFault {
  path: IvyPath
  status: FaultStatus
  when: FaultWhen
  share: number
  retryAfter?: number
  delay?: string
}

export interface FaultList {
  armed: ArmedFault[]
  standing: StandingFault[]
}
