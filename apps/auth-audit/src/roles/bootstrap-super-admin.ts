import { AUTH_EVENTS } from '@slotline/contracts';
import { OutboxWriter } from '@slotline/messaging';
import { TransactionRunner, uuidv7 } from '@slotline/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { PasswordHasher } from '../accounts/password-hasher';
import { passwordPolicyViolations } from '../accounts/password-policy';
import { securityEvent } from '../accounts/security-event';

export interface BootstrapDeps {
  accounts: AccountsRepository;
  tx: TransactionRunner;
  outbox: OutboxWriter;
  hasher: PasswordHasher;
}

export interface BootstrapInput {
  email: string;
  /** Asked only when the account must be created; there is never a default password. */
  readPassword?: () => Promise<string | undefined>;
  /** Allow it although another super_admin exists (normally the API's role change is the way). */
  force?: boolean;
}

export type BootstrapResult = {
  outcome: 'promoted' | 'created' | 'unchanged';
  userId: string;
  previousRole: string | null;
};

/** A refusal the command-line reports as such (exit code 2), distinct from a crash. */
export class BootstrapRefused extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Makes the first super_admin: promotes a registered account, or creates one with the password the
 * operator supplies. Audited like any role change (actor: none, reason `bootstrap`).
 */
export async function bootstrapSuperAdmin(d: BootstrapDeps, input: BootstrapInput): Promise<BootstrapResult> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new BootstrapRefused('--email must be an email address');
  const existing = await d.accounts.findUserByEmail(email);
  if (existing?.role === 'super_admin')
    return { outcome: 'unchanged', userId: existing.id, previousRole: 'super_admin' };
  if (!input.force && (await d.accounts.countUsersWithRole('super_admin')) > 0) {
    throw new BootstrapRefused(
      'a super_admin already exists: change roles with PATCH /v1/admin/users/:id/role (or pass --force)',
    );
  }

  let passwordHash: string | undefined;
  if (!existing) {
    const password = (await input.readPassword?.()) ?? '';
    if (!password)
      throw new BootstrapRefused(
        'no account has this email: supply a password on stdin or in BOOTSTRAP_PASSWORD to create it',
      );
    const problems = [
      ...(password.length < 12 || password.length > 128
        ? ['password must be 12 to 128 characters long']
        : []),
      ...passwordPolicyViolations(password, email).map((v) => v.message),
    ];
    if (problems.length) throw new BootstrapRefused(problems.join('; '));
    passwordHash = await d.hasher.hash(password);
  }

  return d.tx.run(async (m) => {
    const userId = existing?.id ?? uuidv7();
    const previousRole = existing?.role ?? null;
    if (existing) {
      await d.accounts.updateRole(m, userId, 'super_admin');
    } else {
      const created = await d.accounts.insertUserIfAbsent(m, {
        id: userId,
        email,
        passwordHash: passwordHash!,
        role: 'super_admin',
      });
      if (!created)
        throw new BootstrapRefused(
          'the account was created concurrently; run the command again to promote it',
        );
      await d.outbox.enqueue(m, {
        type: AUTH_EVENTS.userRegistered,
        data: { user_id: userId, role: 'super_admin' },
      });
    }
    await d.outbox.enqueue(
      m,
      securityEvent({
        type: AUTH_EVENTS.roleChanged,
        actor: null,
        userId,
        resource: { type: 'user', id: userId },
        outcome: 'success',
        client: {},
        reason: 'bootstrap',
        metadata: { old_role: previousRole, new_role: 'super_admin' },
        meta: { actor: null, request_id: null, idempotency_key: null, traceparent: null },
      }),
    );
    return { outcome: existing ? 'promoted' : 'created', userId, previousRole };
  });
}
