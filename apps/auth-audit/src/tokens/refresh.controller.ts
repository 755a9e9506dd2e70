import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AUTH_RPC, CallMeta, RefreshCommand } from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { RefreshService } from './refresh.service';

@Controller()
export class RefreshController {
  constructor(private readonly refreshes: RefreshService) {}

  @RpcHandler(AUTH_RPC.refresh)
  refresh(@Payload() cmd: RefreshCommand, @Meta() meta: CallMeta) {
    return this.refreshes.refresh(cmd, meta);
  }
}
