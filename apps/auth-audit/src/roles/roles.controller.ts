import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, CallMeta, ChangeRoleCommand } from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { RolesService } from './roles.service';

@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @MessagePattern(AUTH_SUBJECTS.roleChange)
  changeRole(@Payload() cmd: ChangeRoleCommand, @Meta() meta: CallMeta) {
    return this.roles.changeRole(cmd, meta);
  }
}
