import { Controller, Delete, Get, HttpCode, Param, Query, Req } from '@nestjs/common';
import { AUTH_RPC, ListSessionsQuery, Page, RevokeSessionsResult, SessionView } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { IsUUID } from 'class-validator';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { clientOf } from '../auth/client-context';
import { RequirePermission } from '../auth/route-access.decorators';
import { ApiErrors, ApiResult, ApiTag, RevokeSessionsResultSchema, SessionPageSchema } from '../openapi';

class SessionIdParams {
  @IsUUID()
  id: string;
}

/** AUTH-5: the caller's own sign-ins. */
@ApiTag('Sessions', 'Devices signed in to an account, and signing them out (AUTH-5).')
@Controller('v1/me/sessions')
export class MeSessionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('me:read')
  @ApiResult(SessionPageSchema, { summary: 'Your sessions (devices signed in)' })
  list(@Query() query: ListSessionsQuery, @Req() req: GatewayRequest): Promise<Page<SessionView>> {
    return this.rpc.request(AUTH_RPC.sessionsList, query, callOf(req));
  }

  /** Signs out every session except the one making the request. */
  @Delete()
  @RequirePermission('me:write')
  @ApiResult(RevokeSessionsResultSchema, { summary: 'Sign out every other session' })
  revokeOthers(@Req() req: GatewayRequest): Promise<RevokeSessionsResult> {
    return this.rpc.request(AUTH_RPC.sessionsRevokeOthers, clientOf(req), callOf(req));
  }

  @Delete(':id')
  @RequirePermission('me:write')
  @ApiResult(null, { summary: 'Sign out one session' })
  @ApiErrors(...AUTH_RPC.sessionsRevoke.errors)
  @HttpCode(204)
  async revoke(@Param() params: SessionIdParams, @Req() req: GatewayRequest): Promise<void> {
    await this.rpc.request(AUTH_RPC.sessionsRevoke, { session_id: params.id, ...clientOf(req) }, callOf(req));
  }
}
