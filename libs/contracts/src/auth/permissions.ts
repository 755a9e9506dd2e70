import { Role } from '../rpc/rpc-headers';

/** Every permission a route may require (GW-2). Roles map to sets of these; nothing is implied. */
export const PERMISSIONS = [
  'me:read',
  'me:write',
  'audit:read',
  'audit:verify',
  'admin:sessions:read',
  'admin:sessions:write',
  'users:role:write',
  'jobs:create',
  'jobs:read',
  'jobs:accept',
  'jobs:cancel',
  'assignments:read',
  'assignments:reject',
  'assignments:complete',
  'schedule:write',
  'availability:read',
  'practitioner:self',
  'admin:resources:read',
  'admin:resources:write',
  'admin:capacity:read',
  'admin:fulfilment:read',
  'admin:payouts:read',
  'admin:payouts:write',
  'payouts:self',
  'webhooks:manage',
  'admin:reminders:read',
  'admin:notifications:read',
  'admin:schedule:read',
  'admin:schedule:write',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const BASE: Permission[] = ['me:read', 'me:write'];
// Scheduling (SCH-1…SCH-11); which jobs and assignments a caller sees is decided by the service.
const SCHEDULING_READ: Permission[] = ['jobs:read', 'assignments:read', 'availability:read'];
const SCHEDULING_ADMIN: Permission[] = [
  ...SCHEDULING_READ,
  'jobs:cancel',
  'schedule:write',
  'assignments:reject',
  'assignments:complete',
  'admin:resources:read',
  'admin:resources:write',
  'admin:capacity:read',
  'admin:fulfilment:read',
  'admin:reminders:read',
  'admin:schedule:read',
  'admin:schedule:write',
];
// Payouts (PAY-2): admins decide; a provider reads their own and names their Stripe account.
const PAYOUTS_ADMIN: Permission[] = ['admin:payouts:read', 'admin:payouts:write'];
const CUSTOMER_SCHEDULING: Permission[] = [
  ...SCHEDULING_READ,
  'jobs:create',
  'jobs:cancel',
  'schedule:write',
];
const PROVIDER_SCHEDULING: Permission[] = [
  ...SCHEDULING_READ,
  'jobs:accept',
  'schedule:write',
  'assignments:reject',
  'assignments:complete',
  'practitioner:self',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  customer: new Set([...BASE, ...CUSTOMER_SCHEDULING]),
  // Webhook endpoints (GW-8): providers manage their own, admins the platform-wide ones.
  provider: new Set([...BASE, ...PROVIDER_SCHEDULING, 'payouts:self', 'webhooks:manage']),
  admin: new Set([
    ...BASE,
    ...SCHEDULING_ADMIN,
    ...PAYOUTS_ADMIN,
    'audit:read',
    'admin:sessions:read',
    'admin:sessions:write',
    'webhooks:manage',
    'admin:notifications:read',
  ]),
  super_admin: new Set([
    ...BASE,
    ...SCHEDULING_ADMIN,
    ...PAYOUTS_ADMIN,
    'audit:read',
    'audit:verify',
    'admin:sessions:read',
    'admin:sessions:write',
    'admin:notifications:read',
    'users:role:write',
    'webhooks:manage',
  ]),
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}

/**
 * Permissions that need a 2FA-verified session (aal2) when AUTH_REQUIRE_ADMIN_2FA is on: every
 * `admin:*` one and the role change. The gateway also demands aal2 on any `/v1/admin/*` path.
 */
export function permissionRequiresAal2(permission: Permission): boolean {
  return permission.startsWith('admin:') || permission === 'users:role:write';
}

/** Roles that need two-factor for admin work when AUTH_REQUIRE_ADMIN_2FA is on (AUTH-6). */
export function roleNeedsTwoFactor(role: Role): boolean {
  return role === 'admin' || role === 'super_admin';
}

/**
 * What an admin without a 2FA-verified session is told to do, in order: a first-time admin has no
 * two-factor yet, and stepping up alone would answer "not enrolled".
 */
export const ADMIN_TWO_FACTOR_STEPS =
  'Admin work needs a session verified with a second factor. If two-factor is not on for your account ' +
  'yet: enrol (POST /v1/me/2fa/enroll), activate it with a code from your app (POST /v1/me/2fa/verify), ' +
  'then step this session up (POST /v1/auth/2fa). If it is on: step up (POST /v1/auth/2fa).';
