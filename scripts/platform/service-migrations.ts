import { AUTH_MIGRATIONS } from '../../apps/auth-audit/src/migrations';
import { NOTIFICATIONS_MIGRATIONS } from '../../apps/notifications/src/migrations';
import { PAYOUTS_MIGRATIONS } from '../../apps/payouts/src/migrations';
import { SCHEDULING_MIGRATIONS } from '../../apps/scheduling/src/migrations';
import { ServiceName } from '@slotline/persistence';

export const SERVICE_MIGRATIONS: Record<ServiceName, Function[]> = {
  'auth-audit': AUTH_MIGRATIONS,
  scheduling: SCHEDULING_MIGRATIONS,
  notifications: NOTIFICATIONS_MIGRATIONS,
  payouts: PAYOUTS_MIGRATIONS,
};
