import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CallMeta,
  DenyPayoutCommand,
  ListMyPayoutsQuery,
  ListPayoutsQuery,
  PAYOUT_RPC,
  PayoutAccountBody,
  PayoutRef,
  SettlePayoutCommand,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { PayoutAccountsService } from '../accounts/payout-accounts.service';
import { PayoutDecisionsService } from './payout-decisions.service';
import { PayoutQueriesService } from './payout-queries.service';

@Controller()
export class PayoutsController {
  constructor(
    private readonly queries: PayoutQueriesService,
    private readonly decisions: PayoutDecisionsService,
    private readonly accounts: PayoutAccountsService,
  ) {}

  @RpcHandler(PAYOUT_RPC.list)
  list(@Payload() query: ListPayoutsQuery, @Meta() meta: CallMeta) {
    return this.queries.list(query, meta);
  }

  @RpcHandler(PAYOUT_RPC.get)
  get(@Payload() ref: PayoutRef, @Meta() meta: CallMeta) {
    return this.queries.get(ref.id, meta);
  }

  @RpcHandler(PAYOUT_RPC.approve)
  approve(@Payload() ref: PayoutRef, @Meta() meta: CallMeta) {
    return this.decisions.approve(ref.id, meta);
  }

  @RpcHandler(PAYOUT_RPC.deny)
  deny(@Payload() cmd: DenyPayoutCommand, @Meta() meta: CallMeta) {
    return this.decisions.deny(cmd, meta);
  }

  @RpcHandler(PAYOUT_RPC.settle)
  settle(@Payload() cmd: SettlePayoutCommand, @Meta() meta: CallMeta) {
    return this.decisions.settle(cmd, meta);
  }

  @RpcHandler(PAYOUT_RPC.listMine)
  listMine(@Payload() query: ListMyPayoutsQuery, @Meta() meta: CallMeta) {
    return this.queries.listMine(query, meta);
  }

  @RpcHandler(PAYOUT_RPC.setMyAccount)
  setMyAccount(@Payload() body: PayoutAccountBody, @Meta() meta: CallMeta) {
    return this.accounts.setMine(body, meta);
  }

  @RpcHandler(PAYOUT_RPC.backlog)
  backlog(@Payload() _query: Record<string, never>, @Meta() meta: CallMeta) {
    return this.queries.backlog(meta);
  }
}
