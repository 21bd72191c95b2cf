// One autocannon run against a loopback URL, reduced to the figures compared.
import autocannon from 'autocannon'
import { alternate, fmt, medianOf, table } from './stats.js'

export interface LoadOptions {
  url: string
  headers?: Record<string, string>
  body: unknown
  connections: number
  seconds: number
}

export interface LoadResult {
  rps: number
  /** Mean latency in ms (autocannon's percentiles are whole milliseconds; the mean is not). */
  mean: number
  p99: number
  requests: number
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  if (!new URL(options.url).hostname.startsWith('127.')) throw new Error(`benchmarks stay on loopback, not ${options.url}`)
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
    connections: options.connections,
    duration: options.seconds,
  })
  // A comparison of failures would be meaningless: any error or non-2xx stops the benchmark.
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`)
  }
  return { rps: result.requests.total / result.duration, mean: result.latency.mean, p99: result.latency.p99, requests: result.requests.total }
}

export interface CompareOptions {
  rounds: number
  /** Length of the uncounted first run of each subject (JIT, page cache, connection set-up). */
  warmupSeconds: number
}

/**
 * Loads each subject in turn, round after round (A B A B ...), after one uncounted warm-up
 * each; prints every round and answers each subject's median throughput and latencies.
 */
export async function compareLoads<K extends string>(subjects: Record<K, LoadOptions>, options: CompareOptions): Promise<Record<K, LoadResult>> {
  const names = Object.keys(subjects) as K[]
  for (const name of names) await load({ ...subjects[name], seconds: options.warmupSeconds })
  const rows: string[][] = [['round', 'subject', 'req/s', 'mean ms', 'p99 ms']]
  const samples = await alternate(
    options.rounds,
    Object.fromEntries(
      names.map((name) => [
        name,
        async (round: number) => {
          const result = await load(subjects[name])
          rows.push([String(round + 1), name, fmt(result.rps, 0), fmt(result.mean, 2), fmt(result.p99, 0)])
          return result
        },
      ]),
    ) as Record<K, (round: number) => Promise<LoadResult>>,
  )
  const medians = Object.fromEntries(
    names.map((name) => {
      const s = samples[name]
      const m = { rps: medianOf(s, (r) => r.rps), mean: medianOf(s, (r) => r.mean), p99: medianOf(s, (r) => r.p99), requests: medianOf(s, (r) => r.requests) }
      rows.push(['median', name, fmt(m.rps, 0), fmt(m.mean, 2), fmt(m.p99, 0)])
      return [name, m]
    }),
  ) as Record<K, LoadResult>
  console.log(indent(table(rows)))
  return medians
}

export function indent(text: string): string {
  return text.replace(/^/gm, '  ')
}
