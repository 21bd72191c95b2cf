/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The API reference at /docs: Swagger UI over /openapi.json, its files served from the
// swagger-ui-dist package so the page works with no network at all. The API key of the merchant
// the dashboard shows is filled in, so "Try it out" works at once.
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { MerchantRow } from '../db/schema.js'
import { API_KEY_SCHEME } from '../http/routes.js'
import { serveFiles } from './assets.js'

const SWAGGER_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

/** Versioned with the package, so browsers may keep them. */
export const swaggerAssets = serveFiles(SWAGGER_DIR, { 'swagger-ui.css': 'css', 'swagger-ui-bundle.js': 'js' }, 'public, max-age=86400')

export const docsHead = <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />

export function DocsPage(props: { merchant: MerchantRow }) {
  return (
    <>
      <div class="page-head">
        <h1>API reference</h1>
        <p class="muted">
          Ivy's payouts API as the sandbox answers it, and the sandbox's own controls. "Try it out" sends the API key of the merchant shown; the
          document itself is at <a href="/openapi.json">/openapi.json</a>.
        </p>
      </div>
      <div class="card docs">
        <div id="swagger-ui" data-spec="/openapi.json" data-api-key={props.merchant.api_key} data-scheme={API_KEY_SCHEME}>
          <p class="empty">The interactive reference needs JavaScript; the OpenAPI document is at /openapi.json.</p>
        </div>
      </div>
      <script src="/docs/assets/swagger-ui-bundle.js" defer></script>
      <script src="/assets/docs.js" defer></script>
    </>
  )
}
