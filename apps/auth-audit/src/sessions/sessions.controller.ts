import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AdminListSessionsQuery,
  AdminRevokeSessionCommand,
  AUTH_SUBJECTS,
  CallMeta,
  ClientContext,
  ListSessionsQuery,
  RevokeSessionCommand,
} from '@slotline/contracts';
import { Meta } from '@slotline/messaging';
import { SessionsService } from './sessions.service';

/** Replies are `null` where HTTP answers 204 (Nest's NATS transport needs a value to reply with). */
@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @MessagePattern(AUTH_SUBJECTS.sessionsList)
  list(@Payload() query: ListSessionsQuery, @Meta() meta: CallMeta) {
    return this.sessions.list(query, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.sessionsRevoke)
  async revoke(@Payload() cmd: RevokeSessionCommand, @Meta() meta: CallMeta) {
    await this.sessions.revoke(cmd, meta);
    return null;
  }

  @MessagePattern(AUTH_SUBJECTS.sessionsRevokeOthers)
  revokeOthers(@Payload() cmd: ClientContext, @Meta() meta: CallMeta) {
    return this.sessions.revokeOthers(cmd, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.logout)
  async logout(@Payload() cmd: ClientContext, @Meta() meta: CallMeta) {
    await this.sessions.logout(cmd, meta);
    return null;
  }

  @MessagePattern(AUTH_SUBJECTS.adminSessionsList)
  adminList(@Payload() query: AdminListSessionsQuery, @Meta() meta: CallMeta) {
    return this.sessions.adminList(query, meta);
  }

  @MessagePattern(AUTH_SUBJECTS.adminSessionsRevoke)
  async adminRevoke(@Payload() cmd: AdminRevokeSessionCommand, @Meta() meta: CallMeta) {
    await this.sessions.adminRevoke(cmd, meta);
    return null;
  }
}
