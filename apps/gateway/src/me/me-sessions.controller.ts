import { Controller, Delete, Get, HttpCode, Param, Query, Req } from '@nestjs/common';
import { AUTH_SUBJECTS, ListSessionsQuery, Page, RevokeSessionsResult, SessionView } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { IsUUID } from 'class-validator';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { clientOf } from '../auth/client-context';
import { RequirePermission } from '../auth/route-access.decorators';

class SessionIdParams {
  @IsUUID()
  id: string;
}

/** AUTH-5: the caller's own sign-ins. */
@Controller('v1/me/sessions')
export class MeSessionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('me:read')
  list(@Query() query: ListSessionsQuery, @Req() req: GatewayRequest): Promise<Page<SessionView>> {
    return this.rpc.request(AUTH_SUBJECTS.sessionsList, query, callOf(req));
  }

  /** Signs out every session except the one making the request. */
  @Delete()
  @RequirePermission('me:write')
  revokeOthers(@Req() req: GatewayRequest): Promise<RevokeSessionsResult> {
    return this.rpc.request(AUTH_SUBJECTS.sessionsRevokeOthers, clientOf(req), callOf(req));
  }

  @Delete(':id')
  @RequirePermission('me:write')
  @HttpCode(204)
  async revoke(@Param() params: SessionIdParams, @Req() req: GatewayRequest): Promise<void> {
    await this.rpc.request(AUTH_SUBJECTS.sessionsRevoke, { session_id: params.id, ...clientOf(req) }, callOf(req));
  }
}
