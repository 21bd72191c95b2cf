// /sandbox/snapshots: save, list, restore and delete snapshots of the caller's merchant.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../http/env.js'
import { jsonBody, sandboxRoute, TAGS } from '../http/routes.js'
import type { Runtime } from '../runtime.js'
import { CreateSnapshotBody, DeletedSnapshot, Snapshot, SnapshotList, SnapshotNameParam } from './schemas.js'
import { deleteSnapshot, listSnapshots, restoreSnapshot, saveSnapshot } from './service.js'

export const createSnapshotRoute = sandboxRoute({
  method: 'post',
  path: 'snapshots',
  operationId: 'sandboxCreateSnapshot',
  tag: TAGS.sandboxSnapshots,
  summary: "Save the merchant's whole state (payouts, orders, balances, clock, scenario, pending work, webhooks) under a name",
  request: jsonBody(CreateSnapshotBody),
  response: Snapshot,
  errors: [400, 409],
})

export const listSnapshotsRoute = sandboxRoute({
  method: 'get',
  path: 'snapshots',
  operationId: 'sandboxListSnapshots',
  tag: TAGS.sandboxSnapshots,
  summary: "The merchant's snapshots, by name",
  response: SnapshotList,
})

export const restoreSnapshotRoute = sandboxRoute({
  method: 'post',
  path: 'snapshots/{name}/restore',
  operationId: 'sandboxRestoreSnapshot',
  tag: TAGS.sandboxSnapshots,
  summary: 'Put the merchant back as it was in the snapshot, in one transaction; its requests wait meanwhile',
  request: { params: SnapshotNameParam },
  response: Snapshot,
  errors: [400, 404],
})

export const deleteSnapshotRoute = sandboxRoute({
  method: 'delete',
  path: 'snapshots/{name}',
  operationId: 'sandboxDeleteSnapshot',
  tag: TAGS.sandboxSnapshots,
  summary: 'Delete a snapshot',
  request: { params: SnapshotNameParam },
  response: DeletedSnapshot,
  errors: [400, 404],
})

export function registerSnapshotRoutes(app: OpenAPIHono<AppEnv>, rt: Runtime): void {
  app.openapi(createSnapshotRoute, (c) => c.json(saveSnapshot(rt, c.get('merchant').id, c.req.valid('json').name), 200))
  app.openapi(listSnapshotsRoute, (c) => c.json({ items: listSnapshots(rt, c.get('merchant').id) }, 200))
  app.openapi(restoreSnapshotRoute, async (c) => c.json(await restoreSnapshot(rt, c.get('merchant').id, c.req.valid('param').name), 200))
  app.openapi(deleteSnapshotRoute, (c) => {
    const { name } = c.req.valid('param')
    deleteSnapshot(rt, c.get('merchant').id, name)
    return c.json({ name, deleted: true as const }, 200)
  })
}
