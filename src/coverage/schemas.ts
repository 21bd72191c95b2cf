// The one schema of the coverage report (GET /sandbox/coverage): it validates, documents and
// types the answer. The library's plain types (report.ts) are checked against it below, so the
// two cannot drift apart.
import { z } from '@hono/zod-openapi'
import { COVERAGE_KINDS, type CoverageReport as PlainCoverageReport } from './report.js'

export const CoverageQuery = z.object({
  merchants: z
    .enum(['all'])
    .optional()
    .openapi({ description: '"all" adds up every merchant of the sandbox (only names and counts, nothing of any merchant); without it, the caller\'s merchant' }),
})

const CoverageItem = z
  .object({
    name: z.string().openapi({ description: 'A rule or branch ("flaky-bank#timeout"), a status, a failure code, a webhook outcome, or a fault ("payout/create 503 after")' }),
    hits: z.number().int().openapi({ description: 'Times it happened' }),
    required: z.boolean().openapi({ description: 'Whether the scenario can produce it: a required item without hits is uncovered' }),
    group: z.string().optional().openapi({ description: 'The scenario of a rule, the object of a status ("payout")' }),
  })
  .openapi('CoverageItem')

const CoverageKindName = z.enum(COVERAGE_KINDS)

export const CoverageReport = z
  .object({
    scope: z.enum(['merchant', 'all']),
    merchants: z.number().int().openapi({ description: 'How many merchants were counted' }),
    scenarios: z.array(z.string()).openapi({ description: 'The scenarios whose rules, statuses, failure codes, webhook chaos and standing faults are required' }),
    covered: z.boolean().openapi({ description: 'Every required item has hits' }),
    kinds: z.array(z.object({ kind: CoverageKindName, title: z.string(), covered: z.boolean(), items: z.array(CoverageItem) }).openapi('CoverageKind')),
    uncovered: z
      .array(z.object({ kind: CoverageKindName, name: z.string(), message: z.string().openapi({ example: 'rule magic-account-closed never matched' }) }))
      .openapi({ description: 'Every required item without hits, in words' }),
  })
  .openapi('CoverageReport')

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type Holds<T extends true> = T
/** Fails to compile when the schema and report.ts describe different shapes. */
export type ReportTypesInStep = Holds<Same<z.infer<typeof CoverageReport>, PlainCoverageReport>>
