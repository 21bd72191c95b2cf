// The blockchains of Ivy's `wallet.blockchain` enum and the address format each takes. A
// mainnet and its testnet share a format; the sandbox accepts both [sandbox].
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
