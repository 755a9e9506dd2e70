import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTH_SUBJECTS,
  CallMeta,
  LoginCommand,
  PROFILE_RPC,
  RegisterRequest,
  UpdateProfileRequest,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { AccountsService } from './accounts.service';
import { ProfileService } from './profile.service';

@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly profile: ProfileService,
  ) {}

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

  @RpcHandler(PROFILE_RPC.update)
  updateProfile(@Payload() body: UpdateProfileRequest, @Meta() meta: CallMeta) {
    return this.profile.update(body, meta);
  }
}
