// What changed for a merchant, told to the dashboard pages open on it (GET /dashboard/live).
// The places where state changes land call notify() in their transaction; with no page open
// that is one Map lookup, so the API's hot path pays nothing for it. With pages open, every kind
// notified during one group commit is told once, after that commit: a page that re-reads then
// sees the change. A notify from a transaction that rolls back makes a needless re-read, nothing
// worse.

export const LIVE_KINDS = ['payouts', 'orders', 'money', 'webhooks', 'requests', 'clock'] as const
export type LiveKind = (typeof LIVE_KINDS)[number]
export type LiveListener = (kinds: ReadonlySet<LiveKind>) => void

export class LiveFeed {
  private readonly listeners = new Map<string, Set<LiveListener>>()
  /** Per merchant with listeners, the kinds notified since it was last told. */
  private readonly due = new Map<string, Set<LiveKind>>()

  /** `committed` resolves once everything written so far is committed (Db.durable). */
  constructor(private readonly committed: () => Promise<void>) {}

  notify(merchantId: string, kind: LiveKind): void {
    if (!this.listeners.has(merchantId)) return
    const kinds = this.due.get(merchantId)
    if (kinds) return void kinds.add(kind)
    this.due.set(merchantId, new Set([kind]))
    // A failed commit changed nothing, but re-reading is harmless: tell either way.
    const tell = () => this.tell(merchantId)
    this.committed().then(tell, tell)
  }

  /** Calls `listener` after each commit that changed the merchant's state; returns the unsubscribe. */
  subscribe(merchantId: string, listener: LiveListener): () => void {
    let set = this.listeners.get(merchantId)
    if (!set) this.listeners.set(merchantId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.listeners.get(merchantId) === set) this.listeners.delete(merchantId)
    }
  }

  private tell(merchantId: string): void {
    const kinds = this.due.get(merchantId)
    this.due.delete(merchantId)
    if (!kinds) return
    for (const listener of this.listeners.get(merchantId) ?? []) listener(kinds)
  }
}
