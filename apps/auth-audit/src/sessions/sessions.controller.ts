import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminListSessionsQuery,
  AdminRevokeSessionCommand,
  AUTH_RPC,
  CallMeta,
  ClientContext,
  ListSessionsQuery,
  RevokeSessionCommand,
} from '@slotline/contracts';
import { Meta, RpcHandler } from '@slotline/messaging';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @RpcHandler(AUTH_RPC.sessionsList)
  list(@Payload() query: ListSessionsQuery, @Meta() meta: CallMeta) {
    return this.sessions.list(query, meta);
  }

  @RpcHandler(AUTH_RPC.sessionsRevoke)
  async revoke(@Payload() cmd: RevokeSessionCommand, @Meta() meta: CallMeta) {
    await this.sessions.revoke(cmd, meta);
    return null;
  }

  @RpcHandler(AUTH_RPC.sessionsRevokeOthers)
  revokeOthers(@Payload() cmd: ClientContext, @Meta() meta: CallMeta) {
    return this.sessions.revokeOthers(cmd, meta);
  }

  @RpcHandler(AUTH_RPC.logout)
  async logout(@Payload() cmd: ClientContext, @Meta() meta: CallMeta) {
    await this.sessions.logout(cmd, meta);
    return null;
  }

  @RpcHandler(AUTH_RPC.adminSessionsList)
  adminList(@Payload() query: AdminListSessionsQuery, @Meta() meta: CallMeta) {
    return this.sessions.adminList(query, meta);
  }

  @RpcHandler(AUTH_RPC.adminSessionsRevoke)
  async adminRevoke(@Payload() cmd: AdminRevokeSessionCommand, @Meta() meta: CallMeta) {
    await this.sessions.adminRevoke(cmd, meta);
    return null;
  }
}
