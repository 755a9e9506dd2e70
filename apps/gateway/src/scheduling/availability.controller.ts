import { Controller, Get, Query, Req } from '@nestjs/common';
import {
  AvailabilityView,
  ExplainAvailabilityQuery,
  FindAvailabilityQuery,
  SCHEDULING_SUBJECTS,
  SlotExplanationView,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { ApiErrors, ApiResult, ApiTag } from '../openapi';
import { AvailabilitySchema, SlotExplanationSchema } from './scheduling.schemas';

/** SCH-6: free slots, and why a given slot is not free. */
@ApiTag('Availability', 'Free slots and why a slot is not free (SCH-6).')
@Controller('v1/availability')
export class AvailabilityController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('availability:read')
  @ApiResult(AvailabilitySchema, { summary: 'Free slots of practitioners (and a room) over a range' })
  @ApiErrors('NF_RESOURCE', 'VAL_CURSOR', 'BR_INVALID_TIME_ZONE')
  find(@Query() query: FindAvailabilityQuery, @Req() req: GatewayRequest): Promise<AvailabilityView> {
    return this.rpc.request(SCHEDULING_SUBJECTS.findAvailability, query, callOf(req));
  }

  @Get('explain')
  @RequirePermission('availability:read')
  @ApiResult(SlotExplanationSchema, { summary: 'Why a window is or is not bookable' })
  @ApiErrors('NF_RESOURCE', 'BR_INVALID_TIME_ZONE', 'BR_NONEXISTENT_LOCAL_TIME')
  explain(
    @Query() query: ExplainAvailabilityQuery,
    @Req() req: GatewayRequest,
  ): Promise<SlotExplanationView> {
    return this.rpc.request(SCHEDULING_SUBJECTS.explainAvailability, query, callOf(req));
  }
}
