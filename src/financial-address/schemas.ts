// Ivy's FinancialAddress: `type` is snake_case, the sub-object it names is camelCase, and that
// sub-object must be present. Account data is validated for real (IBAN country length, format
// and mod-97 via ibantools; BIC format; UK sort code and account digits; ABA routing checksum;
// a wallet address in its chain's format, rails/chains.ts).
// Spaces, dashes and lowercase are normalised, not refused.
import { z } from '@hono/zod-openapi'
import { BLOCKCHAINS, walletAddressProblem } from '../rails/chains.js'
import { countryOf, ibanProblem, isAbaRoutingNumber, isBic } from './validate.js'

const compact = (value: string) => value.replace(/[\s-]/g, '').toUpperCase()
const Compact = (example: string) => z.string().trim().transform(compact).openapi({ example })
const HolderName = z.string().trim().min(1, 'must not be empty').max(140).openapi({ example: 'Jane Doe' })

export const FINANCIAL_ADDRESS_TYPES = ['iban', 'sort_code', 'bank_code', 'bban', 'wallet', 'aba'] as const
export type FinancialAddressType = (typeof FINANCIAL_ADDRESS_TYPES)[number]

const IbanAccount = z
  .object({ iban: Compact('DE89370400440532013000'), accountHolderName: HolderName, bic: Compact('COBADEFFXXX').optional() })
  .openapi('IbanAccount')
const SortCodeAccount = z
  .object({ sortCode: Compact('202015'), accountNumber: Compact('55555555'), accountHolderName: HolderName })
  .openapi('SortCodeAccount')
const BankCodeAccount = z
  .object({ code: Compact('37040044'), accountNumber: Compact('0532013000'), accountHolderName: HolderName })
  .openapi('BankCodeAccount')
const BbanAccount = z
  .object({ bban: Compact('370400440532013000'), accountHolderName: HolderName, bic: Compact('COBADEFFXXX').optional() })
  .openapi('BbanAccount')
const WalletAccount = z
  .object({
    address: z.string().trim().min(1, 'must not be empty').max(200).openapi({ example: '0x52908400098527886E0F7030069857D2E4169EE7' }),
    blockchain: z.enum(BLOCKCHAINS).openapi({ description: 'A mainnet or its testnet; both are accepted [sandbox].' }),
  })
  .openapi('WalletAccount')
const AbaAccount = z
  .object({ accountNumber: Compact('000123456789'), routingNumber: Compact('021000021'), accountHolderName: HolderName })
  .openapi('AbaAccount')

/** The sub-object key each `type` requires. */
export const SUB_OBJECT = {
  iban: 'iban',
  sort_code: 'sortCode',
  bank_code: 'bankCode',
  bban: 'bban',
  wallet: 'wallet',
  aba: 'aba',
} as const satisfies Record<FinancialAddressType, string>

/**
 * Only the sub-object that `type` names is read: others a client sends along are dropped
 * before validation, so they neither fail the request nor come back in answers.
 */
function onlyTheNamedSubObject(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  const address = value as Record<string, unknown>
  // Only an own key of the table: a `type` of "constructor" or { "toString": 1 } is just an invalid type.
  const key = typeof address.type === 'string' && Object.hasOwn(SUB_OBJECT, address.type) ? SUB_OBJECT[address.type as FinancialAddressType] : undefined
  if (key === undefined) return value
  return key in address ? { type: address.type, [key]: address[key] } : { type: address.type }
}

const FinancialAddressFields = z
  .object({
    type: z.enum(FINANCIAL_ADDRESS_TYPES),
    iban: IbanAccount.optional(),
    sortCode: SortCodeAccount.optional(),
    bankCode: BankCodeAccount.optional(),
    bban: BbanAccount.optional(),
    wallet: WalletAccount.optional(),
    aba: AbaAccount.optional(),
  })
  .superRefine((address, ctx) => {
    const key = SUB_OBJECT[address.type]
    if (!address[key]) {
      ctx.addIssue({ code: 'custom', path: [key], message: `is required when type is "${address.type}"` })
      return
    }
    for (const [path, message] of accountProblems(address)) ctx.addIssue({ code: 'custom', path, message })
  })

export const FinancialAddress = z.preprocess(onlyTheNamedSubObject, FinancialAddressFields).openapi('FinancialAddress')
export type FinancialAddress = z.infer<typeof FinancialAddress>

function accountProblems(address: FinancialAddress): Array<[string[], string]> {
  const problems: Array<[string[], string]> = []
  const { iban, sortCode, bankCode, bban, aba, wallet } = address
  if (address.type === 'iban' && iban) {
    const problem = ibanProblem(iban.iban)
    if (problem) problems.push([['iban', 'iban'], problem])
    if (iban.bic !== undefined && !isBic(iban.bic)) problems.push([['iban', 'bic'], 'BIC must be 8 or 11 characters: bank, country, location, optional branch'])
  }
  if (address.type === 'sort_code' && sortCode) {
    if (!/^\d{6}$/.test(sortCode.sortCode)) problems.push([['sortCode', 'sortCode'], 'sort code must be 6 digits'])
    if (!/^\d{8}$/.test(sortCode.accountNumber)) problems.push([['sortCode', 'accountNumber'], 'account number must be 8 digits'])
  }
  if (address.type === 'bank_code' && bankCode) {
    if (!/^[0-9A-Z]{1,20}$/.test(bankCode.code)) problems.push([['bankCode', 'code'], 'bank code must be 1 to 20 letters or digits'])
    if (!/^[0-9A-Z]{1,34}$/.test(bankCode.accountNumber)) problems.push([['bankCode', 'accountNumber'], 'account number must be 1 to 34 letters or digits'])
  }
  if (address.type === 'bban' && bban) {
    if (!/^[0-9A-Z]{8,30}$/.test(bban.bban)) problems.push([['bban', 'bban'], 'BBAN must be 8 to 30 letters or digits'])
    if (bban.bic !== undefined && !isBic(bban.bic)) problems.push([['bban', 'bic'], 'BIC must be 8 or 11 characters: bank, country, location, optional branch'])
  }
  if (address.type === 'aba' && aba) {
    if (!isAbaRoutingNumber(aba.routingNumber)) problems.push([['aba', 'routingNumber'], 'routing number must be 9 digits with a valid ABA checksum'])
    if (!/^\d{4,17}$/.test(aba.accountNumber)) problems.push([['aba', 'accountNumber'], 'account number must be 4 to 17 digits'])
  }
  if (address.type === 'wallet' && wallet) {
    const problem = walletAddressProblem(wallet.blockchain, wallet.address)
    if (problem) problems.push([['wallet', 'address'], problem])
  }
  return problems
}

/** What scenario rules and the dashboard look at, whatever the address type. */
export interface AddressFacts {
  type: FinancialAddressType
  iban?: string
  country?: string
  sortCode?: string
  accountNumber?: string
  accountHolderName?: string
}

export function addressFacts(address: FinancialAddress): AddressFacts {
  const { iban, sortCode, bankCode, bban, wallet, aba } = address
  switch (address.type) {
    case 'iban': {
      // A GB IBAN carries the sort code and account number: GBkk BANK SSSSSS AAAAAAAA.
      const uk = iban!.iban.startsWith('GB') ? { sortCode: iban!.iban.slice(8, 14), accountNumber: iban!.iban.slice(14) } : {}
      return { type: 'iban', iban: iban!.iban, country: countryOf(iban!.iban), accountHolderName: iban!.accountHolderName, ...uk }
    }
    case 'sort_code':
      return { type: 'sort_code', country: 'GB', sortCode: sortCode!.sortCode, accountNumber: sortCode!.accountNumber, accountHolderName: sortCode!.accountHolderName }
    case 'bank_code':
      return { type: 'bank_code', accountNumber: bankCode!.accountNumber, accountHolderName: bankCode!.accountHolderName }
    case 'bban':
      return { type: 'bban', accountNumber: bban!.bban, accountHolderName: bban!.accountHolderName }
    case 'wallet':
      return { type: 'wallet', accountNumber: wallet!.address }
    case 'aba':
      return { type: 'aba', country: 'US', accountNumber: aba!.accountNumber, accountHolderName: aba!.accountHolderName }
  }
}
