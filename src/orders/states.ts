// The order state machine. Every status change (order/expire, the payer paying, the scenario,
// the expiry, a refund moving on) goes through `transitionOrder()`, which consults this table:
//
//   waiting_for_payment -> paid                the payer paid (PAYMENT_SUCCEEDED)
//   waiting_for_payment -> failed              the payment failed (PAYMENT_FAILED)
//   waiting_for_payment -> canceled            expired by the merchant, past expiresAt, or abandoned
//   paid | partially_refunded | refund_failed -> in_refund    a refund started (ORDER_REFUND_INITIATED)
//   in_refund -> refunded | partially_refunded | refund_failed   the last refund in flight ended
//
// failed, canceled and refunded are final. Ivy's other statuses (processing, in_dispute, ...)
// are never reached in the sandbox.

export const ORDER_STATUSES = [
  'failed',
  'canceled',
  'processing',
  'waiting_for_payment',
  'waiting_for_bank_confirmation',
  'paid',
  'in_refund',
  'refunded',
  'refund_failed',
  'partially_refunded',
  'in_dispute',
  'disputed',
  'refused',
  'finalizing',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

const NEXT: Partial<Record<OrderStatus, readonly OrderStatus[]>> = {
  waiting_for_payment: ['paid', 'failed', 'canceled'],
  paid: ['in_refund'],
  partially_refunded: ['in_refund'],
  refund_failed: ['in_refund'],
  in_refund: ['refunded', 'partially_refunded', 'refund_failed'],
}

export function canTransitionOrder(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from]?.includes(to) ?? false
}

/** Orders a refund may start on. */
export const REFUNDABLE_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'partially_refunded', 'refund_failed', 'in_refund']

export const STATUS_HISTORY_REASONS = [
  'ORDER_CREATED',
  'CHECKOUT_SESSION_ABORTED',
  'PAYMENT_SUCCEEDED',
  'PAYMENT_INITIATED',
  'ORDER_CANCELED',
  'ORDER_EXPIRED_BY_MERCHANT',
  'ORDER_REFUND_INITIATED',
  'ORDER_REFUNDED',
  'REFUND_CHARGE_SUCCEEDED',
  'REFUND_UPDATED',
  'CHECKOUT_COMPLETED',
  'USER_CONFIRMED',
  'PIS_PAYMENT_INITIATED',
  'PIS_PAYMENT_UPDATED',
  'PIS_PAYMENT_SUCCEEDED',
  'PAYMENT_NOT_SETTLED',
  'PAYMENT_INITIATION_FAILED',
  'PAYMENT_CANCELED',
  'PAYMENT_FAILED',
  'CHECKOUT_SESSION_CREATED',
  'EXPIRED_CHECKOUT_SESSION_ABORTED',
  'DISPUTE',
  'PENDING_PAYMENT_ATTEMPTS_FOUND',
  'AML_FREEZE',
  'AML_APPROVE',
  'MANUAL_FREEZE',
  'MANUAL_UNFREEZE',
  'ORDER_MANUALLY_REOPENED',
  'ORDER_FINALIZATION_STARTED',
] as const
export type StatusHistoryReason = (typeof STATUS_HISTORY_REASONS)[number]

export const CLASSIFICATION_PRIMARY = ['payment_authorisation_failed', 'payment_execution_failed', 'payment_abandoned'] as const
export const CLASSIFICATION_SECONDARY = [
  'timeout',
  'wrong_credentials',
  'incorrect_2fa_response',
  'payment_rejected',
  'insufficient_funds',
  'cancelled',
  'connection_to_bank_failed',
  'international_transfer_blocked',
  'international_transfer_limit_exceeded',
  'user_blocked',
  'bank_error',
  'instant_transfers_not_enabled',
  'no_active_tan_methods_available',
  'account_limit_exceeded',
  'bank_under_maintenance',
  'pin_blocked',
  'payment_not_settled',
  'unsupported_bank_account',
  'online_banking_login_required',
  'deutsche_bank_psu_migration',
  'out_of_operational_hours',
] as const
