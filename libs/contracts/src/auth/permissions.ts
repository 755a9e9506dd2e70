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
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const BASE: Permission[] = ['me:read', 'me:write'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  customer: new Set([...BASE]),
  provider: new Set([...BASE]),
  admin: new Set([...BASE, 'audit:read', 'admin:sessions:read', 'admin:sessions:write']),
  super_admin: new Set([...BASE, 'audit:read', 'audit:verify', 'admin:sessions:read', 'admin:sessions:write', 'users:role:write']),
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
