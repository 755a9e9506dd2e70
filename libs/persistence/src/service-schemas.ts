/** Which service owns which schema, and the login role it runs as (least privilege, OPS-5). */
export const SERVICE_SCHEMAS = {
  'auth-audit': { schema: 'auth', role: 'slotline_auth' },
  scheduling: { schema: 'scheduling', role: 'slotline_scheduling' },
  notifications: { schema: 'notifications', role: 'slotline_notifications' },
  payouts: { schema: 'payouts', role: 'slotline_payouts' },
} as const;

export type ServiceName = keyof typeof SERVICE_SCHEMAS;

export const MIGRATOR_ROLE = 'slotline_migrator';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Unsafe SQL identifier: ${JSON.stringify(name)}`);
  return name;
}
