import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddTimeOffCommand,
  CallMeta,
  CreateResourceCommand,
  ListResourcesCommand,
  ListTimeOffCommand,
  ResourceRef,
  SCHEDULING_RPC,
  TimeOffRef,
  UpdateResourceCommand,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { requireAdmin } from '../common/call-context';
import { ResourcesService } from './resources.service';

/** Admin management of practitioners, rooms and equipment (SCH-1). */
@Controller()
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @RpcHandler(SCHEDULING_RPC.createResource)
  create(@Payload() cmd: CreateResourceCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.create(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.listResources)
  list(@Payload() cmd: ListResourcesCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.list(cmd);
  }

  @RpcHandler(SCHEDULING_RPC.getResource)
  get(@Payload() ref: ResourceRef, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.get(ref);
  }

  @RpcHandler(SCHEDULING_RPC.updateResource)
  update(@Payload() cmd: UpdateResourceCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.update(cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.deactivateResource)
  deactivate(@Payload() ref: ResourceRef, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.deactivate(ref, meta);
  }

  @RpcHandler(SCHEDULING_RPC.addTimeOff)
  addTimeOff(@Payload() cmd: AddTimeOffCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.addTimeOff(cmd.kind, cmd.id, cmd, meta);
  }

  @RpcHandler(SCHEDULING_RPC.listTimeOff)
  listTimeOff(@Payload() cmd: ListTimeOffCommand, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    return this.resources.listTimeOff(cmd.kind, cmd.id, cmd);
  }

  @RpcHandler(SCHEDULING_RPC.removeTimeOff)
  async removeTimeOff(@Payload() ref: TimeOffRef, @Meta() meta: CallMeta) {
    requireAdmin(meta);
    await this.resources.removeTimeOff(ref.kind, ref.id, ref.time_off_id, meta);
    return { removed: true } as const;
  }
}
