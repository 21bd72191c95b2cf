// Shapes of /sandbox/snapshots.
import { z } from '@hono/zod-openapi'

const SnapshotName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash, underscore; at most 64')
  .openapi({ example: 'seeded' })

export const SnapshotNameParam = z.object({ name: SnapshotName })

export const CreateSnapshotBody = z.object({ name: SnapshotName }).openapi('SandboxCreateSnapshotRequest')
export type CreateSnapshotBody = z.infer<typeof CreateSnapshotBody>

export const Snapshot = z
  .object({
    name: z.string(),
    createdAt: z.string().openapi({ description: "The merchant's sandbox time when it was taken." }),
    payouts: z.number().int(),
  })
  .openapi('SandboxSnapshot')
export type Snapshot = z.infer<typeof Snapshot>

export const SnapshotList = z.object({ items: z.array(Snapshot) }).openapi('SandboxSnapshotList')

export const DeletedSnapshot = z.object({ name: z.string(), deleted: z.literal(true) }).openapi('SandboxDeletedSnapshot')
