import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CallMeta,
  ExplainAvailabilityQuery,
  FindAvailabilityQuery,
  SCHEDULING_SUBJECTS,
} from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { AvailabilityService } from './availability.service';

@Controller()
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @MessagePattern(SCHEDULING_SUBJECTS.findAvailability)
  find(@Payload() query: FindAvailabilityQuery, @Meta() meta: CallMeta) {
    return this.availability.find(query, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.explainAvailability)
  explain(@Payload() query: ExplainAvailabilityQuery, @Meta() meta: CallMeta) {
    return this.availability.explain(query, meta);
  }
}
