import { TestPlatform } from '../support/test-platform';
import { gatewayRoutes } from '../support/gateway-routes';

/** GW-2 default deny: this test fails the build if any gateway route declares neither. */
describe('every gateway route declares a permission or @Public()', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start({ apps: ['gateway'] });
  });

  afterAll(() => platform.stop());

  it('has no undeclared route', () => {
    const routes = gatewayRoutes(platform.apps.get('gateway')!.app);
    expect(routes.length).toBeGreaterThan(4);
    expect(routes.filter((r) => !r.isPublic && !r.permission).map((r) => `${r.method} ${r.path}`)).toEqual(
      [],
    );
  });
});
