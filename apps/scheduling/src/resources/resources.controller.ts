import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddTimeOffCommand,
  CallMeta,
  CreateResourceCommand,
  ListResourcesCommand,
  ListTimeOffCommand,
  ResourceRef,
  SCHEDULING_SUBJECTS,
  TimeOffRef,
  UpdateResourceCommand,
} from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { requireAdmin } from '../common/call-context';
import { ResourcesService } from './resources.service';

/** Admin management of practitioners, rooms and equipment (SCH-1). */
@Controller()
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @MessagePattern(SCHEDULING_SUBJECTS.createResource)
  create(@Payload() cmd: CreateResourceCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.create(cmd, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.listResources)
  list(@Payload() cmd: ListResourcesCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.list(cmd);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.getResource)
  get(@Payload() ref: ResourceRef, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.get(ref);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.updateResource)
  update(@Payload() cmd: UpdateResourceCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.update(cmd, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.deactivateResource)
  deactivate(@Payload() ref: ResourceRef, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.deactivate(ref, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.addTimeOff)
  addTimeOff(@Payload() cmd: AddTimeOffCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.addTimeOff(cmd.kind, cmd.id, cmd, meta);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.listTimeOff)
  listTimeOff(@Payload() cmd: ListTimeOffCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.listTimeOff(cmd.kind, cmd.id, cmd);
  }

  @MessagePattern(SCHEDULING_SUBJECTS.removeTimeOff)
  async removeTimeOff(@Payload() ref: TimeOffRef, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    await this.resources.removeTimeOff(ref.kind, ref.id, ref.time_off_id, meta);
    return { removed: true };
  }
}
