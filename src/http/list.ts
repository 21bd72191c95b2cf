// Ivy's offset-paginated list envelope, shared by every list endpoint.
import { z } from '@hono/zod-openapi'

export const DEFAULT_LIMIT = 10

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

export function envelope<T>(items: T[], count: number, skip: number) {
  return { items, count, skip, hasNext: skip + items.length < count }
}
