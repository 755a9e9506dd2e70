import { ROLES, Role, roleHasPermission } from '@slotline/contracts';
import { uuidv7 } from '@slotline/persistence';
import { Client } from 'pg';
import request from 'supertest';
import { GatewayRoute, gatewayRoutes } from '../support/gateway-routes';
import { SUPERUSER_TEST_URL, uniqueEmail } from '../support/test-env';
import { TestPlatform } from '../support/test-platform';

const PASSWORD = 'a long enough passphrase';

function concrete(path: string): string {
  return path.replace(/:[a-z_]+/gi, () => uuidv7());
}

function call(http: ReturnType<typeof request>, route: GatewayRoute, token?: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const req = http[method](concrete(route.path));
  if (token) req.set('Authorization', `Bearer ${token}`);
  return ['post', 'patch', 'put'].includes(method) ? req.send({}) : req;
}

/**
 * BFLA sweep over the whole route table: a route that needs a permission answers 401 without a token
 * and 403 to every role that lacks it, before any validation or service call can leak anything.
 */
describe('security sweep of every protected route', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const tokens = {} as Record<Role, string>;
  let routes: GatewayRoute[];

  beforeAll(async () => {
    platform = await TestPlatform.start({ env: { AUTH_REQUIRE_ADMIN_2FA: 'false' } });
    http = request(platform.url());
    routes = gatewayRoutes(platform.apps.get('gateway')!.app).filter((r) => !r.isPublic && r.permission);
    const db = new Client({ connectionString: SUPERUSER_TEST_URL });
    await db.connect();
    try {
      for (const role of ROLES) {
        const email = uniqueEmail();
        await http.post('/v1/auth/register').send({ email, password: PASSWORD }).expect(202);
        await db.query('UPDATE auth.users SET role = $1 WHERE email = $2', [role, email]);
        tokens[role] = (
          await http.post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200)
        ).body.access_token;
      }
    } finally {
      await db.end();
    }
  });

  afterAll(() => platform.stop());

  it('covers a meaningful route table', () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  it('answers 401 to every protected route without a token', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const res = await call(http, route);
      if (res.status !== 401 || res.body.code !== 'AUTH_UNAUTHENTICATED')
        failures.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every role that lacks the route permission', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const role of ROLES.filter((r) => !roleHasPermission(r, route.permission!))) {
        const res = await call(http, route, tokens[role]);
        if (res.status !== 403) failures.push(`${role} ${route.method} ${route.path} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 2xx or 5xx to someone else’s (non-existent) object id', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && r.path.includes(':'))) {
      for (const role of ROLES.filter((r) => roleHasPermission(r, route.permission!))) {
        const res = await call(http, route, tokens[role]);
        if (res.status < 400 || res.status >= 500)
          failures.push(`${role} ${route.method} ${route.path} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
