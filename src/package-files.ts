// Where the package's own files are. Run from source (src/*.ts under tsx or vitest) or built
// (dist/*.js, one bundle per entry point), this module sits one folder below the package root.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url))
const BUILT = !import.meta.url.endsWith('.ts')

export const SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios')
export const EXAMPLE_DB = join(PACKAGE_ROOT, 'sandbox.db.example')
/** The dashboard's stylesheet, script and icon; the build copies them into dist/assets. */
export const DASHBOARD_ASSETS_DIR = join(PACKAGE_ROOT, BUILT ? 'dist/assets' : 'src/dashboard/assets')
