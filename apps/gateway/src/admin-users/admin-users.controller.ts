import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query, Req } from '@nestjs/common';
import {
  AUTH_RPC,
  ChangeRoleRequest,
  ListSessionsQuery,
  Page,
  SessionView,
  UserRoleView,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { IsUUID } from 'class-validator';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { clientOf } from '../auth/client-context';
import { RequirePermission } from '../auth/route-access.decorators';
import { RateLimitTier } from '../rate-limit';
import { ApiErrors, ApiResult, ApiTag, SessionPageSchema, UserRoleViewSchema } from '../openapi';

class UserIdParams {
  @IsUUID()
  id: string;
}

class UserSessionParams extends UserIdParams {
  @IsUUID()
  sid: string;
}

/** Admin work on a user's account: sessions (AUTH-5) and, for super_admins, the role (AUTH-2). */
@ApiTag('Admin: users', 'Sessions and roles of other users (admins; role changes by super_admin).')
@Controller('v1/admin/users')
@RateLimitTier('admin')
export class AdminUsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id/sessions')
  @RequirePermission('admin:sessions:read')
  @ApiResult(SessionPageSchema, { summary: "A user's sessions" })
  sessions(
    @Param() params: UserIdParams,
    @Query() query: ListSessionsQuery,
    @Req() req: GatewayRequest,
  ): Promise<Page<SessionView>> {
    return this.rpc.request(AUTH_RPC.adminSessionsList, { ...query, user_id: params.id }, callOf(req));
  }

  @Delete(':id/sessions/:sid')
  @RequirePermission('admin:sessions:write')
  @ApiResult(null, { summary: "Revoke one of a user's sessions" })
  @ApiErrors(...AUTH_RPC.adminSessionsRevoke.errors)
  @HttpCode(204)
  async revokeSession(@Param() params: UserSessionParams, @Req() req: GatewayRequest): Promise<void> {
    await this.rpc.request(
      AUTH_RPC.adminSessionsRevoke,
      { user_id: params.id, session_id: params.sid, ...clientOf(req) },
      callOf(req),
    );
  }

  @Patch(':id/role')
  @RequirePermission('users:role:write')
  @ApiResult(UserRoleViewSchema, { summary: "Change a user's role (super_admin)" })
  @ApiErrors(...AUTH_RPC.roleChange.errors)
  changeRole(
    @Param() params: UserIdParams,
    @Body() body: ChangeRoleRequest,
    @Req() req: GatewayRequest,
  ): Promise<UserRoleView> {
    return this.rpc.request(
      AUTH_RPC.roleChange,
      { role: body.role, user_id: params.id, ...clientOf(req) },
      callOf(req),
    );
  }
}
