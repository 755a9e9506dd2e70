import { StartOptions } from '@slotline/bootstrap';
import { SchedulingConfig } from './config/scheduling.config';
import { SchedulingModule } from './scheduling.module';

/** How scheduling starts; main.ts and the end-to-end tests share it. */
export function schedulingApp(
  overrides: Partial<StartOptions<SchedulingConfig>> = {},
): StartOptions<SchedulingConfig> {
  return {
    service: 'scheduling',
    configSchema: SchedulingConfig,
    entities: [],
    rootModule: (platform) => SchedulingModule.register(platform),
    ...overrides,
  };
}
