import { Page } from '../pagination/page';
import { defineRpc } from '../rpc/define-rpc';
import {
  DenyPayoutCommand,
  ListMyPayoutsQuery,
  ListPayoutsQuery,
  PayoutAccountBody,
  PayoutAccountView,
  PayoutBacklogView,
  PayoutRef,
  PayoutView,
  SettlePayoutCommand,
} from './payout.payloads';

/** Decisions a concurrent admin may already have taken. */
const DECISION_ERRORS = ['NF_RESOURCE', 'CF_PAYOUT_DECIDED'] as const;

/** Commands and queries answered by payouts (NATS request/reply). */
export const PAYOUT_RPC = {
  list: defineRpc<ListPayoutsQuery, Page<PayoutView>>('payouts.payouts.list', {
    request: ListPayoutsQuery,
    errors: ['VAL_CURSOR'],
  }),
  get: defineRpc<PayoutRef, PayoutView>('payouts.payouts.get', {
    request: PayoutRef,
    errors: ['NF_RESOURCE'],
  }),
  approve: defineRpc<PayoutRef, PayoutView>('payouts.payouts.approve', {
    request: PayoutRef,
    errors: DECISION_ERRORS,
  }),
  deny: defineRpc<DenyPayoutCommand, PayoutView>('payouts.payouts.deny', {
    request: DenyPayoutCommand,
    errors: DECISION_ERRORS,
  }),
  settle: defineRpc<SettlePayoutCommand, PayoutView>('payouts.payouts.settle', {
    request: SettlePayoutCommand,
    errors: [...DECISION_ERRORS, 'BR_INVALID_STATE_TRANSITION'],
  }),
  listMine: defineRpc<ListMyPayoutsQuery, Page<PayoutView>>('payouts.me.list', {
    request: ListMyPayoutsQuery,
    errors: ['VAL_CURSOR'],
  }),
  setMyAccount: defineRpc<PayoutAccountBody, PayoutAccountView>('payouts.me.set_account', {
    request: PayoutAccountBody,
  }),
  backlog: defineRpc<Record<string, never>, PayoutBacklogView>('payouts.backlog'),
} as const;
