// How the dashboard writes times, amounts and accounts for people. Times are sandbox-clock
// milliseconds and always shown in UTC, the zone the simulator's calendar uses.
import type { FinancialAddress } from '../financial-address/schemas.js'
import { toIso } from '../lib/clock.js'
import { formatMoney, type Currency } from '../lib/money.js'

/** A sandbox time as milliseconds, or as the ISO string the sandbox's views carry. */
type SandboxTime = number | string

const iso = (at: SandboxTime) => (typeof at === 'number' ? toIso(at) : at)

/** "2026-03-02 10:00:05" */
export function sandboxTime(at: SandboxTime): string {
  return iso(at).slice(0, 19).replace('T', ' ')
}

/** "2026-03-02 10:00:05.123": payout steps are often a second apart. */
export function preciseTime(at: SandboxTime): string {
  return iso(at).slice(0, 23).replace('T', ' ')
}

export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency as Currency)
}

/** "in_transit" → "in transit" */
export function words(code: string): string {
  return code.replaceAll('_', ' ')
}

/** "in_transit" → "In transit" */
export function sentence(code: string): string {
  const text = words(code)
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function percent(share: number): string {
  return `${+(share * 100).toFixed(2)}%`
}

const lastFour = (account: string) => `•••• ${account.slice(-4)}`

/** Who is paid and a masked account, as a payouts table shows them. */
export function destinationSummary(address: FinancialAddress): { holder: string; account: string } {
  const { iban, sortCode, bankCode, bban, wallet, aba } = address
  switch (address.type) {
    case 'iban':
      return { holder: iban!.accountHolderName, account: `${iban!.iban.slice(0, 2)} ${lastFour(iban!.iban)}` }
    case 'sort_code':
      return { holder: sortCode!.accountHolderName, account: `${sortCode!.sortCode.replace(/(\d\d)(?=\d)/g, '$1-')} ${lastFour(sortCode!.accountNumber)}` }
    case 'bank_code':
      return { holder: bankCode!.accountHolderName, account: lastFour(bankCode!.accountNumber) }
    case 'bban':
      return { holder: bban!.accountHolderName, account: lastFour(bban!.bban) }
    case 'aba':
      return { holder: aba!.accountHolderName, account: lastFour(aba!.accountNumber) }
    case 'wallet':
      return { holder: wallet!.blockchain, account: `${wallet!.address.slice(0, 6)}…${wallet!.address.slice(-4)}` }
  }
}

/** The random tail of an id: the head of a time-ordered UUID is the same for a minute's worth. */
export function shortId(id: string): string {
  return id.slice(-8)
}
