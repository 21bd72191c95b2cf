// Ivy's failure codes, whether retrying can help, the message Ivy shows, and the ISO 20022
// reason a bank would have given (kept in the journal, never in the Ivy response).

export const FAILURE_CODES = [
  'account_closed',
  'account_blocked',
  'insufficient_funds',
  'invalid_account_format',
  'invalid_instruction',
  'invalid_amount',
  'invalid_time',
  'duplicate_transaction',
  'payee_verification_failed',
  'system_error',
  'provider_system_error',
  'rejected_by_correspondent_bank',
  'blocked_by_review',
  'unknown',
] as const
export type FailureCode = (typeof FAILURE_CODES)[number]

interface FailureInfo {
  retry: boolean
  message: string
  /** The ISO 20022 reason a forced failure is journaled with when none is given. */
  reason: string | null
}

export const FAILURES: Record<FailureCode, FailureInfo> = {
  account_closed: { retry: false, message: 'The beneficiary account is closed.', reason: 'AC04' },
  account_blocked: { retry: false, message: 'The beneficiary account is blocked.', reason: 'AC06' },
  insufficient_funds: { retry: true, message: 'The merchant balance does not cover the payout.', reason: 'AM04' },
  invalid_account_format: { retry: false, message: 'The beneficiary account number is invalid or does not exist.', reason: 'AC01' },
  invalid_instruction: { retry: false, message: 'The payment instruction was refused as invalid.', reason: 'FF01' },
  invalid_amount: { retry: false, message: 'The amount is not allowed for this payment.', reason: 'AM02' },
  invalid_time: { retry: true, message: 'The payment was received after the cut-off time.', reason: 'TM01' },
  duplicate_transaction: { retry: false, message: 'The payment was refused as a duplicate.', reason: 'AM05' },
  payee_verification_failed: { retry: false, message: 'The account holder name does not match the account.', reason: null },
  system_error: { retry: true, message: 'A technical error occurred while processing the payout.', reason: null },
  provider_system_error: { retry: true, message: 'The bank did not answer in time.', reason: 'AB06' },
  rejected_by_correspondent_bank: { retry: false, message: 'The payment was refused by the bank.', reason: 'MS03' },
  blocked_by_review: { retry: false, message: 'The payment was blocked by a compliance review.', reason: 'RR04' },
  unknown: { retry: true, message: 'The beneficiary bank is not reachable (maintenance).', reason: 'CNOR' },
}
