// Package entry for `import { createSandbox } from 'ivy-sandbox'`: loads the TypeScript source
// through tsx, so the package works from plain Node, Vitest or Jest without a build step. tsx
// reads tsconfig.json only from the working directory (the user's project, once installed), so
// each .tsx file names its JSX runtime itself in pragma comments.
import { tsImport } from 'tsx/esm/api'

const sandbox = await tsImport('./src/index.ts', import.meta.url)

export const createSandbox = sandbox.createSandbox
export const ApiError = sandbox.ApiError
