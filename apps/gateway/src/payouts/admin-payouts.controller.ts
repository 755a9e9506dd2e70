import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  DenyPayoutBody,
  ListPayoutsQuery,
  Page,
  PAYOUT_RPC,
  PayoutView,
  SettlePayoutBody,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { RateLimitTier } from '../rate-limit';
import { IdParams } from '../scheduling/scheduling.params';
import { PayoutPageSchema, PayoutSchema } from './payouts.schemas';

/** PAY-2: the admins' payout queue and their decisions (two-factor session when AUTH_REQUIRE_ADMIN_2FA). */
@ApiTag('Payouts (admin)', 'Approve, deny and settle provider payouts (PAY-2, PAY-3).')
@Controller('v1/admin/payouts')
@RateLimitTier('admin')
export class AdminPayoutsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('admin:payouts:read')
  @ApiResult(PayoutPageSchema, {
    summary: 'List payouts, oldest first (the pending queue with status=pending)',
  })
  @ApiErrors(...PAYOUT_RPC.list.errors)
  list(@Query() query: ListPayoutsQuery, @Req() req: GatewayRequest): Promise<Page<PayoutView>> {
    return this.rpc.request(PAYOUT_RPC.list, query, callOf(req));
  }

  @Get(':id')
  @RequirePermission('admin:payouts:read')
  @ApiResult(PayoutSchema, { summary: 'Get a payout' })
  @ApiErrors(...PAYOUT_RPC.get.errors)
  get(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<PayoutView> {
    return this.rpc.request(PAYOUT_RPC.get, { id: params.id }, callOf(req));
  }

  @Post(':id/approve')
  @RequirePermission('admin:payouts:write')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(PayoutSchema, { summary: 'Approve a pending payout (approving again answers the same)' })
  @ApiErrors(...PAYOUT_RPC.approve.errors)
  approve(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<PayoutView> {
    return this.rpc.request(PAYOUT_RPC.approve, { id: params.id }, callOf(req));
  }

  @Post(':id/deny')
  @RequirePermission('admin:payouts:write')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(PayoutSchema, { summary: 'Deny a pending payout with a reason' })
  @ApiErrors(...PAYOUT_RPC.deny.errors)
  deny(
    @Param() params: IdParams,
    @Body() body: DenyPayoutBody,
    @Req() req: GatewayRequest,
  ): Promise<PayoutView> {
    return this.rpc.request(PAYOUT_RPC.deny, { ...body, id: params.id }, callOf(req));
  }

  @Post(':id/settle')
  @RequirePermission('admin:payouts:write')
  @Idempotent()
  @HttpCode(200)
  @ApiResult(PayoutSchema, { summary: 'Record the manual settlement of an approved payout' })
  @ApiErrors(...PAYOUT_RPC.settle.errors)
  settle(
    @Param() params: IdParams,
    @Body() body: SettlePayoutBody,
    @Req() req: GatewayRequest,
  ): Promise<PayoutView> {
    return this.rpc.request(PAYOUT_RPC.settle, { ...body, id: params.id }, callOf(req));
  }
}
