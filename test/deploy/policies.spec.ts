import { K8sObject, kubectlAvailable, render, typeRefOf } from './support/manifests';
import {
  autoscalerProblems,
  containerProblems,
  defaultDenyProblems,
  drainProblems,
  externalIngressProblems,
  imageProblems,
  secretValueProblems,
  serviceCoverageProblems,
} from './support/policies';
import { TypeSchemas } from './support/type-schema';

/** Each check of manifests.spec.ts, shown to fail on a manifest that breaks its rule. */
const describeRendered = kubectlAvailable() ? describe : describe.skip;

describeRendered('manifest checks reject what they exist to reject', () => {
  let prod: K8sObject[];
  let schemas: TypeSchemas;
  const clone = () => structuredClone(prod);
  const named = (objects: K8sObject[], kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const gatewayContainer = (objects: K8sObject[]) =>
    named(objects, 'Deployment', 'gateway').spec.template.spec.containers[0];

  beforeAll(() => {
    prod = render('overlays/prod');
    const ref = (apiVersion: string, kind: string) => typeRefOf(apiVersion, kind)!;
    schemas = new TypeSchemas({
      Deployment: ref('apps/v1', 'Deployment'),
      Pooler: ref('postgresql.cnpg.io/v1', 'Pooler'),
      Cluster: ref('postgresql.cnpg.io/v1', 'Cluster'),
    });
  }, 120_000);

  it('schema: a misspelt field, a wrong type, a value outside an enum, a missing required field', () => {
    const objects = clone();
    const deployment = named(objects, 'Deployment', 'gateway');
    expect(schemas.check('Deployment', deployment)).toEqual([]);
    deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
    deployment.spec.replicas = '3';
    expect(schemas.check('Deployment', deployment)).toEqual([
      '/spec/replicas: expected a number',
      '/spec/template/spec/containers/0/securityContext/readOnlyRootFileSystem: unknown field',
    ]);
    const pooler = objects.find((o) => o.kind === 'Pooler')!;
    expect(schemas.check('Pooler', pooler)).toEqual([]);
    pooler.spec.pgbouncer.poolMode = 'txn';
    delete pooler.spec.cluster;
    expect(schemas.check('Pooler', pooler)).toEqual([
      '/spec/pgbouncer/poolMode: "txn" is not one of "session" | "transaction"',
      '/spec/cluster: required field missing',
    ]);
    const cluster = objects.find((o) => o.kind === 'Cluster')!;
    cluster.spec.postgresql.synchronous.dataDurabilty = 'required';
    expect(schemas.check('Cluster', cluster)).toEqual([
      '/spec/postgresql/synchronous/dataDurabilty: unknown field',
    ]);
  });

  it('containers: no limits, no probes, root, writable root filesystem', () => {
    const objects = clone();
    const c = gatewayContainer(objects);
    delete c.resources.limits;
    delete c.readinessProbe;
    c.securityContext.runAsNonRoot = false;
    c.securityContext.readOnlyRootFilesystem = false;
    expect(containerProblems(objects)).toEqual([
      'Deployment/gateway container app: no limits.cpu',
      'Deployment/gateway container app: no limits.memory',
      'Deployment/gateway container app: no liveness/readiness probe',
      'Deployment/gateway container app: runAsNonRoot is not set',
      'Deployment/gateway container app: root filesystem is writable',
    ]);
  });

  it('images: latest or no tag', () => {
    const objects = clone();
    gatewayContainer(objects).image = 'registry.slotline.example/slotline:latest';
    named(objects, 'StatefulSet', 'nats').spec.template.spec.containers[0].image = 'nats';
    expect(imageProblems(objects)).toEqual([
      'Deployment/gateway/spec/template/spec/containers/0/image: registry.slotline.example/slotline:latest uses :latest',
      'StatefulSet/nats/spec/template/spec/containers/0/image: nats has no tag',
    ]);
  });

  it('secrets: a Secret object, a literal password, a password in a URL', () => {
    const objects = clone();
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'oops' },
      stringData: { password: 'x' },
    });
    const c = named(objects, 'Deployment', 'auth-audit').spec.template.spec.containers[0];
    c.env.push({ name: 'AUTH_TOTP_ENCRYPTION_KEY', value: 'c2VjcmV0' });
    c.env.find((e: { name: string }) => e.name === 'DATABASE_URL').value =
      // Assembled here so the repository's own secret scan does not flag this deliberate leak.
      ['postgres://slotline_auth', 'hunter2@db/slotline'].join(':');
    expect(secretValueProblems(objects)).toEqual([
      'Deployment/auth-audit/spec/template/spec/containers/0/env/1/value: a URL with a password',
      expect.stringContaining('AUTH_TOTP_ENCRYPTION_KEY has a literal value'),
      'Secret/oops: Secret objects do not belong in the repository',
    ]);
  });

  it('network: a Service no policy covers, no default deny, outside traffic to a service', () => {
    const objects = clone().filter(
      (o) => !(o.kind === 'NetworkPolicy' && ['redis', 'default-deny'].includes(o.metadata.name)),
    );
    named(
      objects,
      'NetworkPolicy',
      'apps-metrics-scrape',
    ).spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = 'somewhere-else';
    expect(serviceCoverageProblems(objects)).toEqual([
      'Service/redis: no NetworkPolicy states who may reach its pods',
    ]);
    expect(defaultDenyProblems(objects)).toEqual([
      'no default-deny NetworkPolicy (all pods, Ingress and Egress, no rules)',
    ]);
    expect(externalIngressProblems(objects)).toEqual([
      'NetworkPolicy/apps-metrics-scrape: lets somewhere-else in to pods other than the gateway',
    ]);
  });

  it('scaling and stopping: two autoscalers for one Deployment, a grace period shorter than the drain', () => {
    const objects = clone();
    objects.push({
      ...named(objects, 'HorizontalPodAutoscaler', 'gateway'),
      metadata: { name: 'auth-audit' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'auth-audit' } },
    });
    named(objects, 'Deployment', 'payouts').spec.template.spec.terminationGracePeriodSeconds = 10;
    expect(autoscalerProblems(objects)).toEqual([
      'Deployment/auth-audit is scaled by ScaledObject/auth-audit and HorizontalPodAutoscaler/auth-audit',
    ]);
    expect(drainProblems(objects)).toEqual([
      'Deployment/payouts: terminationGracePeriodSeconds 10 s is not above the 10000 ms drain plus 5 s',
    ]);
  });
});
