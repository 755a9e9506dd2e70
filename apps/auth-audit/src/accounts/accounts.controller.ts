import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AUTH_RPC,
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

  @RpcHandler(AUTH_RPC.register)
  register(@Payload() req: RegisterRequest, @Meta() meta: CallMeta) {
    return this.accounts.register(req, meta);
  }

  @RpcHandler(AUTH_RPC.login)
  login(@Payload() cmd: LoginCommand, @Meta() meta: CallMeta) {
    return this.accounts.login(cmd, meta);
  }

  @RpcHandler(AUTH_RPC.me)
  me(@Payload() _body: Record<string, never>, @Meta() meta: CallMeta) {
    return this.accounts.me(meta);
  }

  @RpcHandler(PROFILE_RPC.update)
  updateProfile(@Payload() body: UpdateProfileRequest, @Meta() meta: CallMeta) {
    return this.profile.update(body, meta);
  }
}
