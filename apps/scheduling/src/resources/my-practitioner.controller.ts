import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddTimeOffBody,
  CallMeta,
  CreateMyPractitionerBody,
  ListTimeOffQuery,
  MyTimeOffRef,
  SCHEDULING_RPC,
  UpdateMyHoursBody,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { MyPractitionerService } from './my-practitioner.service';

/** A provider's own practitioner profile, hours and time off. */
@Controller()
export class MyPractitionerController {
  constructor(private readonly mine: MyPractitionerService) {}

  @RpcHandler(SCHEDULING_RPC.createMyPractitioner)
  create(@Payload() body: CreateMyPractitionerBody, @Meta() meta: CallMeta) {
    return this.mine.create(body, meta);
  }

  @RpcHandler(SCHEDULING_RPC.getMyPractitioner)
  get(@Payload() _query: Record<string, never>, @Meta() meta: CallMeta) {
    return this.mine.get(meta);
  }

  @RpcHandler(SCHEDULING_RPC.updateMyHours)
  updateHours(@Payload() body: UpdateMyHoursBody, @Meta() meta: CallMeta) {
    return this.mine.updateHours(body, meta);
  }

  @RpcHandler(SCHEDULING_RPC.addMyTimeOff)
  addTimeOff(@Payload() body: AddTimeOffBody, @Meta() meta: CallMeta) {
    return this.mine.addTimeOff(body, meta);
  }

  @RpcHandler(SCHEDULING_RPC.listMyTimeOff)
  listTimeOff(@Payload() query: ListTimeOffQuery, @Meta() meta: CallMeta) {
    return this.mine.listTimeOff(query, meta);
  }

  @RpcHandler(SCHEDULING_RPC.removeMyTimeOff)
  async removeTimeOff(@Payload() ref: MyTimeOffRef, @Meta() meta: CallMeta) {
    await this.mine.removeTimeOff(ref.time_off_id, meta);
    return { removed: true } as const;
  }
}
