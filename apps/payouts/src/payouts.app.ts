import { StartOptions } from '@slotline/bootstrap';
import { PayoutsConfig } from './config/payouts.config';
import { PayoutsModule } from './payouts.module';

/** How payouts starts; main.ts and the end-to-end tests share it. */
export function payoutsApp(
  overrides: Partial<StartOptions<PayoutsConfig>> = {},
): StartOptions<PayoutsConfig> {
  return {
    service: 'payouts',
    configSchema: PayoutsConfig,
    rootModule: (platform) => PayoutsModule.register(platform),
    ...overrides,
  };
}
