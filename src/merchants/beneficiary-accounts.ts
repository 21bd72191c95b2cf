// The merchant's beneficiary accounts: one per beneficiary-payout currency, where
// beneficiary-payout/create sweeps that currency's balance. Given when the merchant is created,
// else invented [sandbox]: the same merchant id and currency always give the same account, in
// the merchant's name, valid in form (IBANs pass their checksums).
// faker's locale-free build: account numbers need no names, and it loads in milliseconds.
import { faker } from '@faker-js/faker/locale/base'
import { isValidIBAN } from 'ibantools'
import type { MerchantRow } from '../db/schema.js'
import { Invalid } from '../engine/errors.js'
import type { FinancialAddress } from '../financial-address/schemas.js'
import { CURRENCIES_OF } from '../lib/money.js'
import { seededRandom } from '../lib/random.js'
import { chooseRail } from '../rails/registry.js'

export const BENEFICIARY_CURRENCIES = CURRENCIES_OF.beneficiaryPayout
export type BeneficiaryCurrency = (typeof BENEFICIARY_CURRENCIES)[number]
export type BeneficiaryAccounts = Record<BeneficiaryCurrency, FinancialAddress>

/** Country of the IBAN invented for each currency paid to an IBAN. */
const IBAN_COUNTRY = { EUR: 'DE', PLN: 'PL', SEK: 'SE', DKK: 'DK' } as const

/**
 * faker draws the digits of an IBAN without a country's national check digits (Poland's), so
 * about one Polish draw in ten is valid; 200 draws all failing has a chance below 1e-9.
 */
const IBAN_DRAWS = 200

function inventAccount(merchant: Pick<MerchantRow, 'id' | 'name'>, currency: BeneficiaryCurrency): FinancialAddress {
  faker.seed(Math.floor(seededRandom('beneficiary-account', merchant.id, currency).next() * 2 ** 31))
  const accountHolderName = merchant.name
  switch (currency) {
    case 'GBP':
      return { type: 'sort_code', sortCode: { sortCode: faker.string.numeric(6), accountNumber: faker.string.numeric(8), accountHolderName } }
    case 'USD':
      return { type: 'aba', aba: { accountNumber: faker.finance.accountNumber(10), routingNumber: faker.finance.routingNumber(), accountHolderName } }
    default: {
      for (let draw = 0; draw < IBAN_DRAWS; draw++) {
        const iban = faker.finance.iban({ countryCode: IBAN_COUNTRY[currency] })
        if (isValidIBAN(iban)) return { type: 'iban', iban: { iban, accountHolderName } }
      }
      throw new Error(`no valid ${IBAN_COUNTRY[currency]} IBAN in ${IBAN_DRAWS} draws`)
    }
  }
}

function withInvented(merchant: Pick<MerchantRow, 'id' | 'name'>, accounts: Partial<BeneficiaryAccounts>): BeneficiaryAccounts {
  return Object.fromEntries(BENEFICIARY_CURRENCIES.map((currency) => [currency, accounts[currency] ?? inventAccount(merchant, currency)])) as BeneficiaryAccounts
}

/** The accounts of a new merchant: those given (each checked to fit its currency, as payout/create checks a destination), the rest invented. */
export function beneficiaryAccountsFor(merchant: Pick<MerchantRow, 'id' | 'name'>, given: Partial<BeneficiaryAccounts> = {}): BeneficiaryAccounts {
  for (const [currency, account] of Object.entries(given) as Array<[BeneficiaryCurrency, FinancialAddress]>) {
    const choice = chooseRail(undefined, currency, account)
    if (choice.problem) throw new Invalid(choice.problem.message, `beneficiaryAccounts.${currency}.type`)
  }
  return withInvented(merchant, given)
}

/** The merchant's beneficiary accounts as stored; a merchant stored without them (made before they existed) gets the invented ones. */
export function beneficiaryAccountsOf(merchant: Pick<MerchantRow, 'id' | 'name' | 'beneficiary_accounts'>): BeneficiaryAccounts {
  return withInvented(merchant, merchant.beneficiary_accounts === null ? {} : (JSON.parse(merchant.beneficiary_accounts) as Partial<BeneficiaryAccounts>))
}
