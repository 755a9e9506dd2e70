import { AUTH_EVENTS } from '@slotline/contracts';
import { Client } from 'pg';
import { bearer, claimsOf, Http, outboxEvents, signUp, signUpAal2, useAuthPlatform } from './auth-support';

/** AUTH-2: roles change only by a super_admin, always audited; the new role applies at the next refresh. */
describe('role changes through the gateway', () => {
  let db: Client;
  let http: Http;
  let root: Awaited<ReturnType<typeof signUpAal2>>;

  const changeRole = (access: string, userId: string, body: object) =>
    http.patch(`/v1/admin/users/${userId}/role`).set('Authorization', bearer(access)).send(body);

  useAuthPlatform((started) => ({ http, db } = started));

  beforeAll(async () => {
    root = await signUpAal2(http, db, 'super_admin');
  });

  it('lets a super_admin change a role, audits it, and the user’s next refresh carries the new role', async () => {
    const user = await signUp(http, db);

    const res = await changeRole(root.access, user.id, { role: 'provider' }).expect(200);

    expect(res.body).toMatchObject({ id: user.id, role: 'provider', previous_role: 'customer' });
    const [event] = await outboxEvents(db, AUTH_EVENTS.roleChanged, user.id);
    expect(event).toMatchObject({
      actor: { user_id: root.id, role: 'super_admin' },
      data: {
        actor_id: root.id,
        actor_role: 'super_admin',
        user_id: user.id,
        outcome: 'success',
        metadata: { old_role: 'customer', new_role: 'provider' },
      },
    });
    expect(JSON.stringify(event)).not.toContain(user.email);
    // Sessions are kept; the role reaches the tokens at the next refresh.
    const refreshed = await http.post('/v1/auth/refresh').send({ refresh_token: user.refresh }).expect(200);
    expect(claimsOf(refreshed.body.access_token).role).toBe('provider');
  });

  it('refuses an admin (403) and a customer (403) without changing anything', async () => {
    const admin = await signUpAal2(http, db, 'admin');
    const user = await signUp(http, db);

    const byAdmin = await changeRole(admin.access, user.id, { role: 'admin' });
    const byCustomer = await changeRole(user.access, user.id, { role: 'super_admin' });

    expect([byAdmin.status, byAdmin.body.code]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect([byCustomer.status, byCustomer.body.code]).toEqual([403, 'AUTH_FORBIDDEN']);
    const { rows } = await db.query('SELECT role FROM auth.users WHERE id = $1', [user.id]);
    expect(rows[0].role).toBe('customer');
    expect(await outboxEvents(db, AUTH_EVENTS.roleChanged, user.id)).toEqual([]);
  });

  it('refuses privileged or unknown fields and unknown roles (mass assignment)', async () => {
    const user = await signUp(http, db);

    const extra = await changeRole(root.access, user.id, {
      role: 'provider',
      email: 'x@example.com',
      password_hash: 'x',
    });
    const unknownRole = await changeRole(root.access, user.id, { role: 'owner' });
    const register = await http
      .post('/v1/auth/register')
      .send({ email: `r${Date.now()}@example.com`, password: 'a long enough passphrase', role: 'admin' });

    expect(extra.status).toBe(400);
    expect(extra.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'password_hash',
    ]);
    expect([unknownRole.status, unknownRole.body.errors[0].field]).toEqual([400, 'role']);
    expect([register.status, register.body.errors[0].field]).toEqual([400, 'role']);
  });

  it('stops a super_admin from changing their own role, and answers 404 for an unknown user', async () => {
    const self = await changeRole(root.access, root.id, { role: 'customer' });
    const missing = await changeRole(root.access, '01a2024b-fddd-7445-8ac2-7facd89b159a', { role: 'admin' });

    expect([self.status, self.body.code]).toEqual([422, 'BR_SELF_ROLE_CHANGE']);
    expect([missing.status, missing.body.code]).toEqual([404, 'NF_USER']);
  });

  it('needs aal2 for the role change when AUTH_REQUIRE_ADMIN_2FA is on', async () => {
    const aal1Root = await signUp(http, db, 'super_admin');
    const user = await signUp(http, db);

    const res = await changeRole(aal1Root.access, user.id, { role: 'provider' });

    expect([res.status, res.body.code]).toEqual([403, 'AUTH_2FA_REQUIRED']);
  });

  it('checks the stored role too: a demoted super_admin’s still-valid token cannot change roles', async () => {
    const other = await signUpAal2(http, db, 'super_admin');
    const user = await signUp(http, db);
    await changeRole(root.access, other.id, { role: 'admin' }).expect(200);

    const res = await changeRole(other.access, user.id, { role: 'provider' });

    expect([res.status, res.body.code]).toEqual([403, 'AUTH_FORBIDDEN']);
  });

  it('lets only one of two super_admins demoting each other at once succeed, so one remains', async () => {
    const a = await signUpAal2(http, db, 'super_admin');
    const b = await signUpAal2(http, db, 'super_admin');

    const results = await Promise.all([
      changeRole(a.access, b.id, { role: 'admin' }),
      changeRole(b.access, a.id, { role: 'admin' }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(results.find((r) => r.status === 403)!.body.code).toBe('AUTH_FORBIDDEN');
    const { rows } = await db.query('SELECT role FROM auth.users WHERE id = ANY($1::uuid[]) ORDER BY role', [
      [a.id, b.id],
    ]);
    expect(rows.map((r) => r.role)).toEqual(['admin', 'super_admin']);
  });
});
