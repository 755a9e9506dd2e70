import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUTH_SUBJECTS, CallMeta, RefreshCommand } from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { RefreshService } from './refresh.service';

@Controller()
export class RefreshController {
  constructor(private readonly refreshes: RefreshService) {}

  @MessagePattern(AUTH_SUBJECTS.refresh)
  refresh(@Payload() cmd: RefreshCommand, @Meta() meta: CallMeta) {
    return this.refreshes.refresh(cmd, meta);
  }
}
