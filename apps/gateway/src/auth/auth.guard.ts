import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, LOGGER } from '@slotline/bootstrap';
import {
  ADMIN_TWO_FACTOR_STEPS,
  Permission,
  permissionRequiresAal2,
  roleHasPermission,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { logEvent, setContextValue } from '@slotline/observability';
import type { Logger } from 'pino';
import { AccessDenialPublisher } from '../admin-audit/access-denial.publisher';
import { GatewayConfig } from '../config/gateway.config';
import { perRoute } from '../http/route-metadata';
import { AccessTokenVerifier } from './access-token.verifier';
import { GatewayRequest } from './authenticated-request';
import { routeTemplateOf } from '../http/route-template';
import { ALLOWS_PENDING_MFA, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './route-access.decorators';

/**
 * Default deny (GW-2): a route runs only if it is marked @Public() or the caller's role grants the
 * permission it names. A route that declares neither is refused for everyone (and a test fails).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly accessOf = perRoute((targets) => ({
    isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets),
    permission: this.reflector.getAllAndOverride<Permission>(REQUIRED_PERMISSION, targets),
    allowsPendingMfa: this.reflector.getAllAndOverride<boolean>(ALLOWS_PENDING_MFA, targets),
  }));

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly denials?: AccessDenialPublisher,
    @Optional() @Inject(APP_CONFIG) private readonly config?: GatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, permission, allowsPendingMfa } = this.accessOf(context);
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
    if (!req.user)
      throw new AppError(
        'AUTH_UNAUTHENTICATED',
        'Send a valid access token as "Authorization: Bearer <token>".',
      );
    if (req.user.mfaPending && !allowsPendingMfa) {
      throw new AppError(
        'AUTH_2FA_REQUIRED',
        'Two-factor is on for this account: finish signing in with a code at POST /v1/auth/2fa.',
      );
    }
    if (!roleHasPermission(req.user.role, permission)) {
      this.deny(req, `role lacks ${permission}`, permission);
      throw new AppError('AUTH_FORBIDDEN', 'Your role does not allow this action.');
    }
    if (this.config?.requireAdmin2fa && req.user.aal !== 'aal2' && this.isAdminRoute(req, permission)) {
      this.deny(req, 'aal2 required', permission);
      throw new AppError('AUTH_2FA_REQUIRED', ADMIN_TWO_FACTOR_STEPS);
    }
    return true;
  }

  /** AUTH-6: every admin:* permission and every /v1/admin/* route needs a 2FA-verified session. */
  private isAdminRoute(req: GatewayRequest, permission: Permission): boolean {
    return permissionRequiresAal2(permission) || routeTemplateOf(req).startsWith('/v1/admin/');
  }

  private bearerToken(req: GatewayRequest): string | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    if (!match)
      throw new AppError('AUTH_TOKEN_INVALID', 'The Authorization header must be "Bearer <token>".');
    return match[1];
  }

  private deny(req: GatewayRequest, reason: string, permission?: Permission): void {
    logEvent(
      this.logger,
      'rbac_deny',
      { method: req.method, route: routeTemplateOf(req), permission, reason, role: req.user?.role },
      'access denied',
    );
    this.denials?.publish(req, reason, permission ?? null);
  }
}
