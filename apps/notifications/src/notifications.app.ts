import { StartOptions } from '@slotline/bootstrap';
import { NotificationsConfig } from './config/notifications.config';
import { NotificationsModule } from './notifications.module';

/** How notifications starts; main.ts and the end-to-end tests share it. */
export function notificationsApp(
  overrides: Partial<StartOptions<NotificationsConfig>> = {},
): StartOptions<NotificationsConfig> {
  return {
    service: 'notifications',
    configSchema: NotificationsConfig,
    rootModule: (platform) => NotificationsModule.register(platform),
    ...overrides,
  };
}
