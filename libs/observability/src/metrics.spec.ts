import { Metrics } from './metrics';

/** The value of the sample `name` carrying exactly `labels` (in any order), or undefined. */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of body.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (match && match[1] === name && match[2].split(',').sort().join(',') === wanted)
      return Number(match[3]);
  }
  return undefined;
}

describe(Metrics.name, () => {
  it('keeps two instances apart, each labelled with its own service', async () => {
    const gateway = new Metrics({ service: 'gateway' });
    const scheduling = new Metrics({ service: 'scheduling' });

    gateway.httpDuration.observe({ method: 'GET', route: '/v1/bookings/:id', status_code: '200' }, 0.02);
    gateway.counter('bookings_created_total', 'Bookings created').inc();
    scheduling.counter('bookings_created_total', 'Bookings created').inc(2);

    const gatewayBody = (await gateway.render()).body;
    const schedulingBody = (await scheduling.render()).body;
    expect(sample(gatewayBody, 'bookings_created_total', { service: 'gateway' })).toBe(1);
    expect(sample(schedulingBody, 'bookings_created_total', { service: 'scheduling' })).toBe(2);
    expect(
      sample(gatewayBody, 'http_server_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/bookings/:id',
        status_code: '200',
        service: 'gateway',
      }),
    ).toBe(1);
    expect(schedulingBody).not.toContain('route="/v1/bookings/:id"');
  });

  it('renders the standard histograms and default process metrics as Prometheus text', async () => {
    const sut = new Metrics({ service: 'payouts' });
    sut.rpcServerDuration.observe({ subject: 'payouts.plan', outcome: 'ok' }, 0.1);
    sut.rpcClientDuration.observe({ subject: 'scheduling.get', outcome: 'error' }, 0.2);
    sut.dbQueryDuration.observe({ operation: 'select', outcome: 'ok' }, 0.001);

    const { contentType, body } = await sut.render();

    expect(contentType).toContain('text/plain');
    for (const name of [
      'http_server_request_duration_seconds',
      'rpc_server_duration_seconds',
      'rpc_client_duration_seconds',
      'db_query_duration_seconds',
    ]) {
      expect(body).toContain(`# TYPE ${name} histogram`);
    }
    expect(
      sample(body, 'rpc_server_duration_seconds_count', {
        subject: 'payouts.plan',
        outcome: 'ok',
        service: 'payouts',
      }),
    ).toBe(1);
    expect(sample(body, 'process_cpu_user_seconds_total', { service: 'payouts' })).toBeGreaterThanOrEqual(0);
  });

  it('returns the existing metric for a name and runs gauge collectors on each scrape', async () => {
    const sut = new Metrics({ service: 'notifications', collectDefault: false });
    let backlog = 3;
    sut.gauge('outbox_backlog', 'Unpublished outbox rows', [], (gauge) => gauge.set(backlog));

    expect(sut.counter('reminders_sent_total', 'Reminders sent')).toBe(
      sut.counter('reminders_sent_total', 'Reminders sent'),
    );
    expect(() => sut.histogram('reminders_sent_total', 'clash')).toThrow(/another type/);
    expect(sample((await sut.render()).body, 'outbox_backlog', { service: 'notifications' })).toBe(3);
    backlog = 0;
    const { body } = await sut.render();
    expect(sample(body, 'outbox_backlog', { service: 'notifications' })).toBe(0);
    expect(body).not.toContain('process_cpu_user_seconds_total');
  });

  it('serves the version of the time-zone database as an info gauge', async () => {
    const sut = new Metrics({ service: 'scheduling', collectDefault: false });

    const body = (await sut.render()).body;

    expect(process.versions.tz).toMatch(/^\d{4}[a-z]$/);
    expect(
      sample(body, 'runtime_tz_database_info', { service: 'scheduling', version: process.versions.tz! }),
    ).toBe(1);
  });
});
