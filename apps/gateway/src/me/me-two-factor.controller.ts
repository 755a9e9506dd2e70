import { Body, Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import {
  AUTH_RPC,
  TwoFactorActivated,
  TwoFactorCodeRequest,
  TwoFactorEnrollment,
  TwoFactorProofRequest,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from '../auth/authenticated-request';
import { clientOf } from '../auth/client-context';
import { RequirePermission } from '../auth/route-access.decorators';
import { RateLimitTier } from '../rate-limit';
import {
  ApiErrors,
  ApiResult,
  ApiTag,
  TwoFactorActivatedSchema,
  TwoFactorEnrollmentSchema,
} from '../openapi';

/**
 * AUTH-6 for the caller's own account. Enrol and verify are not @Idempotent(): a replay store would
 * keep the TOTP secret and the recovery codes outside the encrypted table; enrolling again simply
 * replaces a pending secret.
 */
@ApiTag('Two-factor', 'TOTP enrolment, verification and recovery codes (AUTH-6).')
@Controller('v1/me/2fa')
export class MeTwoFactorController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('enroll')
  @RequirePermission('me:write')
  @ApiResult(TwoFactorEnrollmentSchema, { summary: 'Start TOTP enrolment' })
  @ApiErrors(...AUTH_RPC.twoFactorEnroll.errors)
  @HttpCode(200)
  enroll(@Req() req: GatewayRequest): Promise<TwoFactorEnrollment> {
    return this.rpc.request(AUTH_RPC.twoFactorEnroll, clientOf(req), callOf(req));
  }

  @Post('verify')
  @RequirePermission('me:write')
  @ApiResult(TwoFactorActivatedSchema, { summary: 'Confirm enrolment with a first code' })
  @ApiErrors(...AUTH_RPC.twoFactorVerify.errors)
  @RateLimitTier('auth')
  @HttpCode(200)
  verify(@Body() body: TwoFactorCodeRequest, @Req() req: GatewayRequest): Promise<TwoFactorActivated> {
    return this.rpc.request(AUTH_RPC.twoFactorVerify, { ...body, ...clientOf(req) }, callOf(req));
  }

  /** Needs a current TOTP code (or a recovery code when the device is lost). */
  @Delete()
  @RequirePermission('me:write')
  @ApiResult(null, { summary: 'Turn two-factor off' })
  @ApiErrors(...AUTH_RPC.twoFactorDisable.errors)
  @RateLimitTier('auth')
  @HttpCode(204)
  async disable(@Body() body: TwoFactorProofRequest, @Req() req: GatewayRequest): Promise<void> {
    await this.rpc.request(AUTH_RPC.twoFactorDisable, { ...body, ...clientOf(req) }, callOf(req));
  }
}
