import { Body, Controller, Get, Put, Query, Req } from '@nestjs/common';
import {
  ListMyPayoutsQuery,
  Page,
  PAYOUT_RPC,
  PayoutAccountBody,
  PayoutAccountView,
  PayoutView,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { PayoutAccountSchema, PayoutPageSchema } from './payouts.schemas';

/** A provider's own payouts and where Stripe sends them. */
@ApiTag('My payouts', "A provider's own payouts and their Stripe connected account (PAY-2, PAY-3).")
@Controller('v1/me')
export class MyPayoutsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('payouts')
  @RequirePermission('payouts:self')
  @ApiResult(PayoutPageSchema, { summary: 'Your payouts, newest first' })
  @ApiErrors(...PAYOUT_RPC.listMine.errors)
  list(@Query() query: ListMyPayoutsQuery, @Req() req: GatewayRequest): Promise<Page<PayoutView>> {
    return this.rpc.request(PAYOUT_RPC.listMine, query, callOf(req));
  }

  @Put('payout-account')
  @RequirePermission('payouts:self')
  @ApiResult(PayoutAccountSchema, { summary: 'Name the Stripe connected account your payouts go to' })
  setAccount(@Body() body: PayoutAccountBody, @Req() req: GatewayRequest): Promise<PayoutAccountView> {
    return this.rpc.request(PAYOUT_RPC.setMyAccount, body, callOf(req));
  }
}
