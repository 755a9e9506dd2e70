import { Role } from '../rpc/rpc-headers';

/** Every permission a route may require (GW-2). Roles map to sets of these; nothing is implied. */
export const PERMISSIONS = ['me:read', 'me:write'] as const;

export type Permission = (typeof PERMISSIONS)[number];

const BASE: Permission[] = ['me:read', 'me:write'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  customer: new Set([...BASE]),
  provider: new Set([...BASE]),
  admin: new Set([...BASE]),
  super_admin: new Set([...BASE]),
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}
