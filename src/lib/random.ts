// A small seeded PRNG (sfc32) so the simulator draws the same numbers for the same seed on
// every machine. Seeds are derived by hashing their parts, e.g. (scenario seed, payout number).
import { createHash } from 'node:crypto'

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal (Box-Muller). */
  normal(): number
}

export function seededRandom(...parts: Array<string | number>): Random {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest()
  let a = digest.readUInt32LE(0)
  let b = digest.readUInt32LE(4)
  let c = digest.readUInt32LE(8)
  let d = digest.readUInt32LE(12)
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  return {
    next,
    normal: () => {
      const u = 1 - next()
      const v = next()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
  }
}
