import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTH_SUBJECTS,
  CallMeta,
  ClientContext,
  TwoFactorProofCommand,
  TwoFactorVerifyCommand,
} from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { TwoFactorService } from './two-factor.service';

@Controller()
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @MessagePattern(AUTH_SUBJECTS.twoFactorEnroll)
  enroll(@Payload() cmd: ClientContext, @Meta() meta: CallMeta) {
    return this.twoFactor.enroll(cmd, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.twoFactorVerify)
  verify(@Payload() cmd: TwoFactorVerifyCommand, @Meta() meta: CallMeta) {
    return this.twoFactor.verify(cmd, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.twoFactorStepUp)
  stepUp(@Payload() cmd: TwoFactorProofCommand, @Meta() meta: CallMeta) {
    return this.twoFactor.stepUp(cmd, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.twoFactorDisable)
  async disable(@Payload() cmd: TwoFactorProofCommand, @Meta() meta: CallMeta) {
    await this.twoFactor.disable(cmd, meta);
    return null;
  }
}
