import { getMetadataStorage } from 'class-validator';
import { AuthAuditConfig } from '../../../apps/auth-audit/src/config/auth-audit.config';
import { GatewayConfig } from '../../../apps/gateway/src/config/gateway.config';
import { NotificationsConfig } from '../../../apps/notifications/src/config/notifications.config';
import { PayoutsConfig } from '../../../apps/payouts/src/config/payouts.config';
import { SchedulingConfig } from '../../../apps/scheduling/src/config/scheduling.config';
import { PlatformAppName } from '../../../scripts/platform/processes';

const CONFIG_CLASSES: Record<PlatformAppName, Function> = {
  gateway: GatewayConfig,
  'auth-audit': AuthAuditConfig,
  scheduling: SchedulingConfig,
  notifications: NotificationsConfig,
  payouts: PayoutsConfig,
};

/**
 * The environment variables an app reads: the properties of its config class (each carries a
 * class-validator rule). Deployment files may set only these, so a renamed or removed setting cannot
 * linger in a manifest doing nothing.
 */
export function settingsOf(app: PlatformAppName): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(CONFIG_CLASSES[app], '', true, false);
  return new Set(metadata.map((m) => m.propertyName));
}
