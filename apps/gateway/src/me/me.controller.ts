import { Controller, Get, Req } from '@nestjs/common';
import { AUTH_SUBJECTS, UserProfile } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { RequirePermission } from '../auth/route-access.decorators';

@Controller('v1/me')
export class MeController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission('me:read')
  me(@Req() req: GatewayRequest): Promise<UserProfile> {
    return this.rpc.request(AUTH_SUBJECTS.me, {}, callOf(req));
  }
}
