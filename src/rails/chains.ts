// The blockchains of Ivy's `wallet.blockchain` enum and the address and transaction-hash format
// each takes. A mainnet and its testnet share a format; the sandbox accepts both [sandbox].
import { createHash } from 'node:crypto'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { base58 } from '@scure/base'

export const BLOCKCHAINS = ['ETH', 'ETH-SEPOLIA', 'SOL', 'SOL-DEVNET', 'MATIC', 'MATIC-AMOY'] as const
export type Blockchain = (typeof BLOCKCHAINS)[number]

const SOLANA: readonly Blockchain[] = ['SOL', 'SOL-DEVNET']

/** Why `address` is not an address on `chain`, or undefined. */
export function walletAddressProblem(chain: Blockchain, address: string): string | undefined {
  return SOLANA.includes(chain) ? solanaProblem(address) : evmProblem(address)
}

/** Ethereum and Polygon: 0x + 40 hex; a mixed-case address must carry its EIP-55 checksum. */
function evmProblem(address: string): string | undefined {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return 'an Ethereum or Polygon address is 0x followed by 40 hexadecimal characters'
  const hex = address.slice(2)
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return undefined
  return hex === checksummed(hex) ? undefined : 'address fails its EIP-55 mixed-case checksum'
}

/** EIP-55: a letter is uppercase where the Keccak-256 of the lowercase address has a nibble >= 8. */
function checksummed(hex: string): string {
  const lower = hex.toLowerCase()
  const hash = keccak_256(new TextEncoder().encode(lower))
  return [...lower].map((char, i) => ((hash[i >> 1]! >> (i % 2 ? 0 : 4)) & 15) >= 8 ? char.toUpperCase() : char).join('')
}

/** Solana: a base58 public key of 32 bytes (32 to 44 characters). */
function solanaProblem(address: string): string | undefined {
  const problem = 'a Solana address is a base58 public key of 32 bytes (32 to 44 characters)'
  if (address.length < 32 || address.length > 44) return problem
  try {
    return base58.decode(address).length === 32 ? undefined : problem
  } catch {
    return problem
  }
}

/** Why `hash` is not a transaction hash on `chain`, or undefined: 0x + 64 hex on EVM chains, a base58 signature of 64 bytes on Solana. */
export function txHashProblem(chain: Blockchain, hash: string): string | undefined {
  if (!SOLANA.includes(chain)) return /^0x[0-9a-fA-F]{64}$/.test(hash) ? undefined : `a transaction hash on ${chain} is 0x followed by 64 hexadecimal characters`
  const problem = `a transaction signature on ${chain} is base58 of 64 bytes (86 to 88 characters)`
  if (hash.length < 64 || hash.length > 90) return problem
  try {
    return base58.decode(hash).length === 64 ? undefined : problem
  } catch {
    return problem
  }
}

/** [sandbox] A made-up hash or signature on `chain`, the same for the same `seed` text. */
export function inventTxHash(chain: Blockchain, seed: string): string {
  const digest = createHash('sha512').update(seed).digest()
  return SOLANA.includes(chain) ? base58.encode(digest) : `0x${digest.subarray(0, 32).toString('hex')}`
}

/** [sandbox] A made-up wallet address on `chain`, valid in form, the same for the same `seed` text. */
export function inventWalletAddress(chain: Blockchain, seed: string): string {
  const digest = createHash('sha256').update(seed).digest()
  return SOLANA.includes(chain) ? base58.encode(digest) : `0x${digest.subarray(0, 20).toString('hex')}`
}
