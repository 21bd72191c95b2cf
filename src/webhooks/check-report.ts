// The webhook handler check's report, on its own so that the library's public types
// (sandbox.checkWebhook()) need nothing of the runtime, the database or the HTTP stack.

export interface WebhookCheckCase {
  name: string
  passed: boolean
  expected: string
  observed: string
  /** What to change in the handler; null when the case passed. */
  advice: string | null
  latencyMs: number
}

export interface WebhookCheckReport {
  /** Whether every case passed. */
  passed: boolean
  cases: WebhookCheckCase[]
}
