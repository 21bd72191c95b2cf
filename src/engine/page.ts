// Lists: one page as domain code returns it, and the schemas of Ivy's offset-paginated list
// envelope and the sandbox's `?limit=&skip=`. The edge wraps a page in the envelope (src/http/list.ts).
import { z } from '@hono/zod-openapi'

export const DEFAULT_LIMIT = 10

export interface Page<T> {
  items: T[]
  /** How many match in all, not the page size. */
  count: number
  skip: number
}

/** `count` is the total matching, not the page size. */
export function listOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({ items: z.array(item), count: z.number().int(), skip: z.number().int(), hasNext: z.boolean() })
    .openapi(name)
}

/** `?limit=&skip=` of the sandbox's GET lists; they show 20 at a time unless asked. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  skip: z.coerce.number().int().min(0).default(0),
})
