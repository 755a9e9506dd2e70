import { StartOptions } from '@slotline/bootstrap';
import { BOOKING_CONSTRAINT_ERRORS } from './booking/booking-constraints';
import { SchedulingConfig } from './config/scheduling.config';
import { SchedulingModule } from './scheduling.module';

/** How scheduling starts; main.ts and the end-to-end tests share it. */
export function schedulingApp(
  overrides: Partial<StartOptions<SchedulingConfig>> = {},
): StartOptions<SchedulingConfig> {
  return {
    service: 'scheduling',
    configSchema: SchedulingConfig,
    constraintErrors: BOOKING_CONSTRAINT_ERRORS,
    rootModule: (platform) => SchedulingModule.register(platform),
    ...overrides,
  };
}
