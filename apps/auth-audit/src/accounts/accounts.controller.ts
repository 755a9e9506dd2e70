import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, CallMeta, LoginCommand, RegisterRequest } from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { AccountsService } from './accounts.service';

@Controller()
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @MessagePattern(AUTH_SUBJECTS.register)
  register(@Payload() req: RegisterRequest, @Meta() meta: CallMeta) {
    return this.accounts.register(req, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.login)
  login(@Payload() cmd: LoginCommand, @Meta() meta: CallMeta) {
    return this.accounts.login(cmd, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.me)
  me(@Meta() meta: CallMeta) {
    return this.accounts.me(meta);
  }
}
