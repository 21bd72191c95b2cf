// A headless Chromium for the browser tests, found without any setup: CHROMIUM_PATH when set,
// else a system Chromium or Chrome when one is installed, else the Chromium inside the
// @sparticuz/chromium package (unpacked to the temp folder on first use). Never a skip: a test
// that wants a browser gets one or fails saying why.
import chromium from '@sparticuz/chromium'
import { existsSync } from 'node:fs'
import { chromium as playwright, type Browser } from 'playwright-core'

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

// Headless, and none of the background traffic a closed network refuses.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']

/** Which browser the tests use, and why. */
export async function browserExecutable(): Promise<{ path: string; source: string }> {
  const configured = process.env.CHROMIUM_PATH
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist`)
    return { path: configured, source: 'CHROMIUM_PATH' }
  }
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path))
  if (system) return { path: system, source: 'system' }
  return { path: await chromium.executablePath(), source: '@sparticuz/chromium' }
}

export async function launchBrowser(): Promise<Browser> {
  const { path } = await browserExecutable()
  return playwright.launch({ executablePath: path, args: ARGS })
}
