// The sandbox tools' one move: decide an object's outcome now. It moves as its own transition
// function allows (an illegal move is that function's 409), and the scenario's remaining steps
// for it are dropped, all in one transaction.
import type { Runtime } from '../runtime.js'
import { cancelSteps } from './jobs.js'

export function forceNow<T extends { id: string }>(rt: Runtime, find: () => T, move: (row: T) => T): T {
  return rt.db.tx(() => {
    const row = find()
    const next = move(row)
    cancelSteps(rt.db, row.id)
    return next
  })
}
