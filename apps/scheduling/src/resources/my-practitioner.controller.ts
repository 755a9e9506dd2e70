import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddTimeOffBody,
  CallMeta,
  CreateMyPractitionerBody,
  ListTimeOffQuery,
  MyTimeOffRef,
  SCHEDULING_SUBJECTS,
  UpdateMyHoursBody,
} from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { MyPractitionerService } from './my-practitioner.service';

/** A provider's own practitioner profile, hours and time off. */
@Controller()
export class MyPractitionerController {
  constructor(private readonly mine: MyPractitionerService) {}

  @MessagePattern(SCHEDULING_SUBJECTS.createMyPractitioner)
  create(@Payload() body: CreateMyPractitionerBody, @Meta() meta: CallMeta) {
    return this.mine.create(body, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.getMyPractitioner)
  get(@Meta() meta: CallMeta) {
    return this.mine.get(meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.updateMyHours)
  updateHours(@Payload() body: UpdateMyHoursBody, @Meta() meta: CallMeta) {
    return this.mine.updateHours(body, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.addMyTimeOff)
  addTimeOff(@Payload() body: AddTimeOffBody, @Meta() meta: CallMeta) {
    return this.mine.addTimeOff(body, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.listMyTimeOff)
  listTimeOff(@Payload() query: ListTimeOffQuery, @Meta() meta: CallMeta) {
    return this.mine.listTimeOff(query, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.removeMyTimeOff)
  async removeTimeOff(@Payload() ref: MyTimeOffRef, @Meta() meta: CallMeta) {
    await this.mine.removeTimeOff(ref.time_off_id, meta);
    return { removed: true };
  }
}
