import { authenticator } from 'otplib';
import { Client } from 'pg';
import { uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';
import { Http, RunningPlatform, usePlatform } from '../support/use-platform';

/** Shared by the auth-*.e2e-spec.ts files: sign-ups, role changes by SQL, TOTP codes. */
export const PASSWORD = 'a long enough passphrase';

export interface SignedIn {
  id: string;
  email: string;
  access: string;
  refresh: string;
}

export type { Http };
export { superuserDb } from '../support/use-platform';

export function startAuthPlatform(): Promise<TestPlatform> {
  return TestPlatform.start({ apps: ['auth-audit', 'gateway'], env: { AUTH_REQUIRE_ADMIN_2FA: 'true' } });
}

/** The auth apps for one describe block (see usePlatform). */
export function useAuthPlatform(started: (running: RunningPlatform) => void): void {
  usePlatform(startAuthPlatform, started);
}

export const bearer = (token: string) => `Bearer ${token}`;

export function claimsOf(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8'));
}

export async function login(
  http: Http,
  email: string,
  userAgent = 'e2e-agent/1',
): Promise<{ access: string; refresh: string }> {
  const res = await http
    .post('/v1/auth/login')
    .set('User-Agent', userAgent)
    .send({ email, password: PASSWORD })
    .expect(200);
  return { access: res.body.access_token, refresh: res.body.refresh_token };
}

/** Registers and signs in; with `role`, the role is set in the database first (as an operator would). */
export async function signUp(http: Http, db: Client, role?: 'admin' | 'super_admin'): Promise<SignedIn> {
  const email = uniqueEmail();
  await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
  if (role) await db.query('UPDATE auth.users SET role = $1 WHERE email = $2', [role, email]);
  const tokens = await login(http, email);
  return { id: claimsOf(tokens.access).sub as string, email, ...tokens };
}

/** The TOTP code `offsetSteps` steps from now (-1, 0, +1 are inside the server's window). */
export function totpCode(secret: string, offsetSteps = 0): string {
  return authenticator.clone({ epoch: Date.now() + offsetSteps * 30_000 }).generate(secret);
}

/**
 * A code for the previous step leaves the window when a step boundary passes before the server checks
 * it; waiting out the last two seconds of a step keeps such tests deterministic.
 */
export async function awayFromStepEdge(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 2_000) await new Promise((r) => setTimeout(r, left + 50));
}

/** Enrols and activates TOTP with the previous step's code; returns the secret and recovery codes. */
export async function enableTwoFactor(
  http: Http,
  user: SignedIn,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const enrol = await http.post('/v1/me/2fa/enroll').set('Authorization', bearer(user.access)).expect(200);
  await awayFromStepEdge();
  const verify = await http
    .post('/v1/me/2fa/verify')
    .set('Authorization', bearer(user.access))
    .send({ code: totpCode(enrol.body.secret, -1) })
    .expect(200);
  return { secret: enrol.body.secret, recoveryCodes: verify.body.recovery_codes };
}

/** An admin or super_admin with TOTP on and the session stepped up to aal2 (uses steps -1 and 0). */
export async function signUpAal2(
  http: Http,
  db: Client,
  role: 'admin' | 'super_admin',
): Promise<SignedIn & { secret: string }> {
  const user = await signUp(http, db, role);
  const { secret } = await enableTwoFactor(http, user);
  const res = await http
    .post('/v1/auth/2fa')
    .set('Authorization', bearer(user.access))
    .send({ code: totpCode(secret, 0) })
    .expect(200);
  return { ...user, access: res.body.access_token, refresh: res.body.refresh_token, secret };
}

export async function outboxEvents(
  db: Client,
  type: string,
  resourceId: string,
): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(
    `SELECT envelope FROM auth.outbox WHERE subject = $1 AND envelope->'data'->>'resource_id' = $2 ORDER BY id`,
    [type, resourceId],
  );
  return rows.map((r) => r.envelope as Record<string, unknown>);
}
