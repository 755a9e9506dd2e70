import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@slotline/contracts';

export { Public, PUBLIC_ROUTE } from '@slotline/health';

export const REQUIRED_PERMISSION = 'slotline:permission';

/** The route needs an authenticated caller whose role grants `permission`. Without it or @Public(): denied. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);
