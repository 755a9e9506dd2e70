import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { AUTH_SUBJECTS, Jwks, LoginRequest, RegisterRequest, RegisterResult, TokenPair } from '@slotline/contracts';
import { RpcClient } from '@slotline/messaging';
import { callOf, GatewayRequest } from './authenticated-request';
import { Idempotent } from '../idempotency';
import { RateLimitTier } from '../rate-limit';
import { Public } from './route-access.decorators';

@Controller()
export class AuthController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('v1/auth/register')
  @Public()
  @RateLimitTier('auth')
  @Idempotent()
  @HttpCode(202)
  register(@Body() body: RegisterRequest, @Req() req: GatewayRequest): Promise<RegisterResult> {
    return this.rpc.request(AUTH_SUBJECTS.register, body, callOf(req));
  }

  @Post('v1/auth/login')
  @Public()
  @RateLimitTier('auth')
  @HttpCode(200)
  login(@Body() body: LoginRequest, @Req() req: GatewayRequest): Promise<TokenPair> {
    const command = { ...body, ip: req.ip ?? 'unknown', user_agent: req.headers['user-agent']?.slice(0, 512) };
    return this.rpc.request(AUTH_SUBJECTS.login, command, callOf(req));
  }

  @Get('.well-known/jwks.json')
  @Public()
  jwks(@Req() req: GatewayRequest): Promise<Jwks> {
    return this.rpc.request(AUTH_SUBJECTS.jwks, {}, callOf(req));
  }
}
