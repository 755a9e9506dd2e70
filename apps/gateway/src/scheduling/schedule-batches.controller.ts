import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  CreateScheduleBatchBody,
  ListScheduleBatchItemsQuery,
  Page,
  SCHEDULE_BATCH_RPC,
  ScheduleBatchItemView,
  ScheduleBatchView,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import type { FastifyReply } from 'fastify';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { RateLimitTier } from '../rate-limit';
import { ScheduleBatchItemPageSchema, ScheduleBatchSchema } from './schedule-batches.schemas';
import { IdParams } from './scheduling.params';

/** SCH-8: up to 1,000 schedule requests at once, worked in the background by scheduling's orchestrator. */
@ApiTag('Schedule batches (admin)', 'Bulk scheduling with a conflict policy, and its progress (SCH-8).')
@Controller('v1/admin/schedule-batches')
@RateLimitTier('admin')
export class ScheduleBatchesController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @RequirePermission('admin:schedule:write')
  @Idempotent()
  @HttpCode(202)
  @ApiResult(ScheduleBatchSchema, {
    summary: 'Submit up to 1,000 schedule requests; answers at once with the batch to follow (Location)',
  })
  @ApiErrors(...SCHEDULE_BATCH_RPC.submit.errors)
  async submit(
    @Body() body: CreateScheduleBatchBody,
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ScheduleBatchView> {
    const batch = await this.rpc.request(SCHEDULE_BATCH_RPC.submit, body, callOf(req));
    res.header('Location', `/v1/admin/schedule-batches/${batch.id}`);
    return batch;
  }

  @Get(':id')
  @RequirePermission('admin:schedule:read')
  @ApiResult(ScheduleBatchSchema, { summary: "A batch's status and progress counts" })
  @ApiErrors(...SCHEDULE_BATCH_RPC.get.errors)
  get(@Param() params: IdParams, @Req() req: GatewayRequest): Promise<ScheduleBatchView> {
    return this.rpc.request(SCHEDULE_BATCH_RPC.get, { id: params.id }, callOf(req));
  }

  @Get(':id/items')
  @RequirePermission('admin:schedule:read')
  @ApiResult(ScheduleBatchItemPageSchema, { summary: "A batch's per-item results, in submitted order" })
  @ApiErrors(...SCHEDULE_BATCH_RPC.listItems.errors)
  items(
    @Param() params: IdParams,
    @Query() query: ListScheduleBatchItemsQuery,
    @Req() req: GatewayRequest,
  ): Promise<Page<ScheduleBatchItemView>> {
    return this.rpc.request(SCHEDULE_BATCH_RPC.listItems, { ...query, id: params.id }, callOf(req));
  }
}
