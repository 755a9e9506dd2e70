import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import { AUTH_RPC, PROFILE_RPC, UpdateProfileRequest, UserProfile } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';
import { ApiErrors, ApiResult, ApiTag, UserProfileSchema } from '../openapi';

@Controller('v1/me')
@ApiTag('Me', 'The signed-in user.')
export class MeController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiResult(UserProfileSchema, { summary: 'Your profile' })
  @ApiErrors(...AUTH_RPC.me.errors)
  @RequirePermission('me:read')
  me(@Req() req: GatewayRequest): Promise<UserProfile> {
    return this.rpc.request(AUTH_RPC.me, {}, callOf(req));
  }

  @Patch()
  @ApiResult(UserProfileSchema, { summary: 'Change your phone, time zone or locale (for notifications)' })
  @ApiErrors(...PROFILE_RPC.update.errors)
  @RequirePermission('me:write')
  update(@Body() body: UpdateProfileRequest, @Req() req: GatewayRequest): Promise<UserProfile> {
    return this.rpc.request(PROFILE_RPC.update, body, callOf(req));
  }
}
