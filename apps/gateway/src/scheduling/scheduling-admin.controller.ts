import { Controller, Get, Query, Req } from '@nestjs/common';
import { CapacityQuery, CapacityView, FulfilmentView, SCHEDULING_SUBJECTS } from '@slotline/contracts';
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
  @ApiErrors('NF_RESOURCE')
  capacity(@Query() query: CapacityQuery, @Req() req: GatewayRequest): Promise<CapacityView> {
    return this.rpc.request(SCHEDULING_SUBJECTS.capacity, query, callOf(req));
  }

  @Get('fulfilment')
  @RequirePermission('admin:fulfilment:read')
  @ApiResult(FulfilmentSchema, { summary: 'Assignments awaiting a schedule, scheduled and overdue' })
  fulfilment(@Req() req: GatewayRequest): Promise<FulfilmentView> {
    return this.rpc.request(SCHEDULING_SUBJECTS.fulfilment, {}, callOf(req));
  }
}
