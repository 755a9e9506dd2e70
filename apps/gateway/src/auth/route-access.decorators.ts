import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@slotline/contracts';

export { Public, PUBLIC_ROUTE } from '@slotline/health';

export const REQUIRED_PERMISSION = 'slotline:permission';
export const ALLOWS_PENDING_MFA = 'slotline:allows-pending-mfa';

/**
 * The route is open to a session whose second factor is still pending (the step-up itself, sign-out).
 * Every other protected route refuses such a session with 403 AUTH_2FA_REQUIRED.
 */
export const AllowsPendingMfa = () => SetMetadata(ALLOWS_PENDING_MFA, true);

/** The route needs an authenticated caller whose role grants `permission`. Without it or @Public(): denied. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);
