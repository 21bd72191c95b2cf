// Package entry for `import { createSandbox } from 'ivy-sandbox'`: loads the TypeScript source
// through tsx, so the package works from plain Node, Vitest or Jest without a build step.
import { tsImport } from 'tsx/esm/api'

const sandbox = await tsImport('./src/index.ts', import.meta.url)

export const createSandbox = sandbox.createSandbox
