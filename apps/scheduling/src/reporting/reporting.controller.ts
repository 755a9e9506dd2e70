import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CallMeta, CapacityQuery, SCHEDULING_RPC } from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { CapacityService } from './capacity.service';
import { FulfilmentService } from './fulfilment.service';

@Controller()
export class ReportingController {
  constructor(
    private readonly capacity: CapacityService,
    private readonly fulfilment: FulfilmentService,
  ) {}

  @RpcHandler(SCHEDULING_RPC.capacity)
  capacityReport(@Payload() query: CapacityQuery, @Meta() meta: CallMeta) {
    return this.capacity.compute(query, meta);
  }

  @RpcHandler(SCHEDULING_RPC.fulfilment)
  fulfilmentCounts(@Payload() _query: Record<string, never>, @Meta() meta: CallMeta) {
    return this.fulfilment.get(meta);
  }
}
