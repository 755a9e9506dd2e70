import { StartOptions } from '@slotline/bootstrap';
import { AuthAuditModule } from './auth-audit.module';
import { AuthAuditConfig } from './config/auth-audit.config';

/** How auth-audit starts; main.ts and the end-to-end tests share it. */
export function authAuditApp(
  overrides: Partial<StartOptions<AuthAuditConfig>> = {},
): StartOptions<AuthAuditConfig> {
  return {
    service: 'auth-audit',
    configSchema: AuthAuditConfig,
    rootModule: (platform) => AuthAuditModule.register(platform),
    ...overrides,
  };
}
