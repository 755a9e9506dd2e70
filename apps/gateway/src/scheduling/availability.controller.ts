import { Controller, Get, Query, Req } from '@nestjs/common';
import {
  AvailabilityView,
  ExplainAvailabilityQuery,
  FindAvailabilityQuery,
  SCHEDULING_RPC,
  SlotExplanationView,
} from '@slotline/contracts';
import { RpcClient, SerializedJson } from '@slotline/messaging';
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
  @ApiErrors(...SCHEDULING_RPC.findAvailability.errors)
  find(
    @Query() query: FindAvailabilityQuery,
    @Req() req: GatewayRequest,
  ): Promise<SerializedJson<AvailabilityView>> {
    // A page is up to 1 000 slots (~130 kB): passed on as the service wrote it, not parsed and rewritten.
    return this.rpc.requestSerialized(SCHEDULING_RPC.findAvailability, query, callOf(req));
  }

  @Get('explain')
  @RequirePermission('availability:read')
  @ApiResult(SlotExplanationSchema, { summary: 'Why a window is or is not bookable' })
  @ApiErrors(...SCHEDULING_RPC.explainAvailability.errors)
  explain(
    @Query() query: ExplainAvailabilityQuery,
    @Req() req: GatewayRequest,
  ): Promise<SlotExplanationView> {
    return this.rpc.request(SCHEDULING_RPC.explainAvailability, query, callOf(req));
  }
}
