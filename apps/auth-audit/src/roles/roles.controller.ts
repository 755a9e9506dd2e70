import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AUTH_RPC, CallMeta, ChangeRoleCommand } from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { RolesService } from './roles.service';

@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @RpcHandler(AUTH_RPC.roleChange)
  changeRole(@Payload() cmd: ChangeRoleCommand, @Meta() meta: CallMeta) {
    return this.roles.changeRole(cmd, meta);
  }
}
