import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CallMeta, CapacityQuery, SCHEDULING_SUBJECTS } from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { CapacityService } from './capacity.service';
import { FulfilmentService } from './fulfilment.service';

@Controller()
export class ReportingController {
  constructor(
    private readonly capacity: CapacityService,
    private readonly fulfilment: FulfilmentService,
  ) {}

  @MessagePattern(SCHEDULING_SUBJECTS.capacity)
  capacityReport(@Payload() query: CapacityQuery, @Meta() meta: CallMeta) {
    return this.capacity.compute(query, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.fulfilment)
  fulfilmentCounts(@Meta() meta: CallMeta) {
    return this.fulfilment.get(meta);
  }
}
