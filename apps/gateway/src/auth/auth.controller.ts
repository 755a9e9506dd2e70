import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  AUTH_RPC,
  Jwks,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  RegisterResult,
  TokenPair,
  TwoFactorProofRequest,
} from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from './authenticated-request';
import { Idempotent } from '../idempotency';
import { ApiErrors, ApiResult, ApiTag, JwksSchema, RegisterResultSchema, TokenPairSchema } from '../openapi';
import { RateLimitTier } from '../rate-limit';
import { clientOf } from './client-context';
import { AllowsPendingMfa, Public, RequirePermission } from './route-access.decorators';

@Controller()
@ApiTag('Auth', 'Registration, sign-in, tokens and the signing keys (JWKS).')
export class AuthController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('v1/auth/register')
  @ApiResult(RegisterResultSchema, { summary: 'Register an account' })
  @Public()
  @RateLimitTier('auth')
  @Idempotent()
  @HttpCode(202)
  register(@Body() body: RegisterRequest, @Req() req: GatewayRequest): Promise<RegisterResult> {
    return this.rpc.request(AUTH_RPC.register, body, callOf(req));
  }

  @Post('v1/auth/login')
  @ApiResult(TokenPairSchema, { summary: 'Sign in' })
  @ApiErrors(...AUTH_RPC.login.errors)
  @Public()
  @RateLimitTier('auth')
  @HttpCode(200)
  login(@Body() body: LoginRequest, @Req() req: GatewayRequest): Promise<TokenPair> {
    return this.rpc.request(AUTH_RPC.login, { ...body, ...clientOf(req) }, callOf(req));
  }

  /** Rotates the refresh token; a spent one revokes its whole session (AUTH-4). */
  @Post('v1/auth/refresh')
  @ApiResult(TokenPairSchema, { summary: 'Rotate the refresh token' })
  @ApiErrors(...AUTH_RPC.refresh.errors)
  @Public()
  @RateLimitTier('auth')
  @HttpCode(200)
  refresh(@Body() body: RefreshRequest, @Req() req: GatewayRequest): Promise<TokenPair> {
    return this.rpc.request(AUTH_RPC.refresh, { ...body, ...clientOf(req) }, callOf(req));
  }

  @Post('v1/auth/logout')
  @AllowsPendingMfa()
  @ApiResult(null, { summary: 'Sign out of this session' })
  @RequirePermission('me:write')
  @HttpCode(204)
  async logout(@Req() req: GatewayRequest): Promise<void> {
    await this.rpc.request(AUTH_RPC.logout, clientOf(req), callOf(req));
  }

  /** Step-up: a TOTP or recovery code upgrades the current session to aal2 and returns a new pair. */
  @Post('v1/auth/2fa')
  @AllowsPendingMfa()
  @ApiResult(TokenPairSchema, { summary: 'Step up to aal2 with a second factor' })
  @ApiErrors(...AUTH_RPC.twoFactorStepUp.errors)
  @RequirePermission('me:write')
  @RateLimitTier('auth')
  @HttpCode(200)
  stepUp(@Body() body: TwoFactorProofRequest, @Req() req: GatewayRequest): Promise<TokenPair> {
    return this.rpc.request(AUTH_RPC.twoFactorStepUp, { ...body, ...clientOf(req) }, callOf(req));
  }

  @Get('.well-known/jwks.json')
  @ApiResult(JwksSchema, { summary: 'Public signing keys (JWKS)' })
  @Public()
  jwks(@Req() req: GatewayRequest): Promise<Jwks> {
    return this.rpc.request(AUTH_RPC.jwks, {}, callOf(req));
  }
}
