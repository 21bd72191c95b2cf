// Ivy's list envelope around a page, at the edge.
import type { Page } from '../engine/page.js'

export function envelope<T>({ items, count, skip }: Page<T>) {
  return { items, count, skip, hasNext: skip + items.length < count }
}
