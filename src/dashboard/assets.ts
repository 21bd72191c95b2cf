// Static files served by the sandbox itself (no CDN): the dashboard's stylesheet and script
// from src/dashboard/assets, Swagger UI's from the swagger-ui-dist package. Only the files
// named are served, each read once.
import type { Handler } from 'hono'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError } from '../http/errors.js'
import { DASHBOARD_ASSETS_DIR } from '../package-files.js'

const CONTENT_TYPES = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
} as const

/** A handler for `…/:file` answering the listed files of `dir`, anything else 404. */
export function serveFiles(dir: string, files: Record<string, keyof typeof CONTENT_TYPES>, cacheControl: string): Handler {
  const cache = new Map<string, Buffer>()
  return (c) => {
    const name = c.req.param('file') ?? ''
    const kind = Object.hasOwn(files, name) ? files[name] : undefined
    if (!kind) throw new ApiError({ status: 404, code: 'NOT_FOUND', message: `no file ${c.req.path}` })
    let body = cache.get(name)
    if (!body) cache.set(name, (body = readFileSync(join(dir, name))))
    return c.body(new Uint8Array(body), 200, { 'content-type': CONTENT_TYPES[kind], 'cache-control': cacheControl })
  }
}

/** The dashboard's own files; `no-cache` so an edited stylesheet shows on the next load. */
export const dashboardAssets = serveFiles(DASHBOARD_ASSETS_DIR, { 'dashboard.css': 'css', 'dashboard.js': 'js', 'docs.js': 'js', 'favicon.svg': 'svg' }, 'no-cache')
