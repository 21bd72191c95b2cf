// Account-number checks beyond shape. IBAN and BIC come from ibantools (country lengths,
// national formats, mod-97); the ABA routing checksum is three lines and written here.
import { getCountrySpecifications, isValidBIC, validateIBAN, ValidationErrorsIBAN } from 'ibantools'

const countries = getCountrySpecifications()

export function countryOf(iban: string): string {
  return iban.slice(0, 2)
}

/** Why `iban` (already compacted and uppercased) is not a valid IBAN, or undefined. */
export function ibanProblem(iban: string): string | undefined {
  const { valid, errorCodes } = validateIBAN(iban)
  if (valid) return undefined
  const country = countryOf(iban)
  const spec = countries[country]
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANProvided)) return 'IBAN must not be empty'
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry) || !spec?.chars) return `"${country}" is not a country that uses IBANs`
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength) || iban.length !== spec.chars) {
    return `an IBAN from ${country} has ${spec.chars} characters, this one has ${iban.length}`
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) return `IBAN does not follow the account format of ${country}`
  if (errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) return `IBAN fails the national check digits of ${country}`
  return 'IBAN checksum is invalid (mod-97)'
}

export function isBic(bic: string): boolean {
  return isValidBIC(bic)
}

export function isAbaRoutingNumber(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false
  const d = [...routing].map(Number)
  return (3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!)) % 10 === 0
}
