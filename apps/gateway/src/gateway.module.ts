import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '@slotline/bootstrap';
import { RpcClient } from '@slotline/messaging';
import { AccessTokenVerifier } from './auth/access-token.verifier';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { GatewayConfig } from './config/gateway.config';
import { ProblemFilter } from './http/problem.filter';
import { MeController } from './me/me.controller';

@Module({})
export class GatewayModule {
  static register(platform: DynamicModule): DynamicModule {
    return {
      module: GatewayModule,
      imports: [platform],
      controllers: [AuthController, MeController],
      providers: [
        ProblemFilter,
        { provide: APP_FILTER, useExisting: ProblemFilter },
        {
          provide: AccessTokenVerifier,
          inject: [RpcClient, APP_CONFIG],
          useFactory: (rpc: RpcClient, c: GatewayConfig) => new AccessTokenVerifier(rpc, c.JWKS_CACHE_SECONDS),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
