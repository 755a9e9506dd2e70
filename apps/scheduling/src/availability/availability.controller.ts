import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CallMeta,
  ExplainAvailabilityQuery,
  FindAvailabilityQuery,
  SCHEDULING_RPC,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { AvailabilityService } from './availability.service';

@Controller()
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @RpcHandler(SCHEDULING_RPC.findAvailability)
  find(@Payload() query: FindAvailabilityQuery, @Meta() meta: CallMeta) {
    return this.availability.find(query, meta);
  }

  @RpcHandler(SCHEDULING_RPC.explainAvailability)
  explain(@Payload() query: ExplainAvailabilityQuery, @Meta() meta: CallMeta) {
    return this.availability.explain(query, meta);
  }
}
