import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { LOGGER } from '@slotline/bootstrap';
import { Permission, roleHasPermission } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { logEvent, setContextValue } from '@slotline/observability';
import type { Logger } from 'pino';
import { AccessTokenVerifier } from './access-token.verifier';
import { GatewayRequest } from './authenticated-request';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './route-access.decorators';

/**
 * Default deny (GW-2): a route runs only if it is marked @Public() or the caller's role grants the
 * permission it names. A route that declares neither is refused for everyone (and a test fails).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
    const permission = this.reflector.getAllAndOverride<Permission>(REQUIRED_PERMISSION, targets);
    const req = context.switchToHttp().getRequest<GatewayRequest>();

    const token = this.bearerToken(req);
    if (token) {
      req.user = await this.verifier.verify(token).catch((err) => {
        if (isPublic) return undefined; // a public route ignores a bad token rather than failing
        throw err;
      });
      if (req.user) {
        setContextValue('user_id', req.user.id);
        setContextValue('role', req.user.role);
        setContextValue('session_id', req.user.sid);
      }
    }
    if (isPublic) return true;
    if (!permission) {
      this.deny(req, 'route declares no permission');
      throw new AppError('AUTH_FORBIDDEN', 'This route is not available.');
    }
    if (!req.user) throw new AppError('AUTH_UNAUTHENTICATED', 'Send a valid access token as "Authorization: Bearer <token>".');
    if (!roleHasPermission(req.user.role, permission)) {
      this.deny(req, `role lacks ${permission}`, permission);
      throw new AppError('AUTH_FORBIDDEN', 'Your role does not allow this action.');
    }
    return true;
  }

  private bearerToken(req: GatewayRequest): string | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    if (!match) throw new AppError('AUTH_TOKEN_INVALID', 'The Authorization header must be "Bearer <token>".');
    return match[1];
  }

  private deny(req: GatewayRequest, reason: string, permission?: Permission): void {
    logEvent(this.logger, 'rbac_deny', { method: req.method, route: req.route?.path, permission, reason, role: req.user?.role }, 'access denied');
  }
}
