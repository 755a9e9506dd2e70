import { Controller, Get, Query, Req } from '@nestjs/common';
import {
  CapacityQuery,
  CapacityView,
  FulfilmentReportView,
  PAYOUT_RPC,
  SCHEDULING_RPC,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { CapacitySchema, FulfilmentSchema } from './scheduling.schemas';
import { RateLimitTier } from '../rate-limit';

/** SCH-7 capacity and SCH-11 fulfilment counts. */
@ApiTag('Scheduling reports', 'Capacity and fulfilment counts for admins (SCH-7, SCH-11).')
@Controller('v1/admin')
@RateLimitTier('admin')
export class SchedulingAdminController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('capacity')
  @RequirePermission('admin:capacity:read')
  @ApiResult(CapacitySchema, { summary: 'Booked versus available minutes' })
  @ApiErrors(...SCHEDULING_RPC.capacity.errors)
  capacity(@Query() query: CapacityQuery, @Req() req: GatewayRequest): Promise<CapacityView> {
    return this.rpc.request(SCHEDULING_RPC.capacity, query, callOf(req));
  }

  /** SCH-11: scheduling's counts and payouts' pending count, asked in parallel. */
  @Get('fulfilment')
  @RequirePermission('admin:fulfilment:read')
  @ApiResult(FulfilmentSchema, {
    summary: 'Assignments awaiting a schedule, scheduled and overdue; payouts pending',
  })
  async fulfilment(@Req() req: GatewayRequest): Promise<FulfilmentReportView> {
    const call = callOf(req);
    const [counts, backlog] = await Promise.all([
      this.rpc.request(SCHEDULING_RPC.fulfilment, {}, call),
      this.rpc.request(PAYOUT_RPC.backlog, {}, call).catch(unlessUpstreamDown),
    ]);
    return { ...counts, payout_pending: backlog?.payout_pending ?? null };
  }
}

/** Payouts being away or failing (5xx) degrades the report to `payout_pending: null`; a 4xx still fails it. */
function unlessUpstreamDown(err: unknown): null {
  if (err instanceof AppError && err.status >= 500) return null;
  throw err;
}
