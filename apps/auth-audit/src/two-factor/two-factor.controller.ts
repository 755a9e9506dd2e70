import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AUTH_RPC,
  CallMeta,
  ClientContext,
  TwoFactorProofCommand,
  TwoFactorVerifyCommand,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { TwoFactorService } from './two-factor.service';

@Controller()
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @RpcHandler(AUTH_RPC.twoFactorEnroll)
  enroll(@Payload() cmd: ClientContext, @Meta() meta: CallMeta) {
    return this.twoFactor.enroll(cmd, meta);
  }

  @RpcHandler(AUTH_RPC.twoFactorVerify)
  verify(@Payload() cmd: TwoFactorVerifyCommand, @Meta() meta: CallMeta) {
    return this.twoFactor.verify(cmd, meta);
  }

  @RpcHandler(AUTH_RPC.twoFactorStepUp)
  stepUp(@Payload() cmd: TwoFactorProofCommand, @Meta() meta: CallMeta) {
    return this.twoFactor.stepUp(cmd, meta);
  }

  @RpcHandler(AUTH_RPC.twoFactorDisable)
  async disable(@Payload() cmd: TwoFactorProofCommand, @Meta() meta: CallMeta) {
    await this.twoFactor.disable(cmd, meta);
    return null;
  }
}
