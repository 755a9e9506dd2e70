import { APP_NAMES } from '../../scripts/platform/processes';
import { SERVICE_SCHEMAS, ServiceName } from '@slotline/persistence';
import {
  Json,
  K8sObject,
  KUSTOMIZATIONS,
  OVERLAYS,
  idOf,
  kubectlAvailable,
  modelValidate,
  render,
  typeRefOf,
} from './support/manifests';
import {
  autoscalerProblems,
  containerProblems,
  defaultDenyProblems,
  drainProblems,
  envOf,
  externalIngressProblems,
  imageProblems,
  secretValueProblems,
  serviceCoverageProblems,
} from './support/policies';
import { TypeRef, TypeSchemas } from './support/type-schema';
import { settingsOf } from './support/app-settings';

const available = kubectlAvailable();
if (!available) {
  console.warn(
    'kubectl is not installed: the Kubernetes manifests were NOT rendered or checked (.ci/run installs it)',
  );
}
const describeRendered = available ? describe : describe.skip;

describeRendered('k8s/ (kustomize): every overlay renders, validates and passes the policies', () => {
  const rendered = new Map<string, K8sObject[]>();
  let schemas: TypeSchemas;

  beforeAll(() => {
    for (const dir of KUSTOMIZATIONS) rendered.set(dir, render(dir));
    const refs: Record<string, TypeRef> = {};
    for (const o of [...rendered.values()].flat()) {
      const ref = typeRefOf(o.apiVersion, o.kind);
      if (ref) refs[`${o.apiVersion}/${o.kind}`] = ref;
    }
    schemas = new TypeSchemas(refs);
  }, 120_000);

  describe.each(KUSTOMIZATIONS)('%s', (dir) => {
    const objects = () => rendered.get(dir)!;

    it('renders with kubectl kustomize into named objects', () => {
      expect(objects().length).toBeGreaterThan(0);
      for (const o of objects()) expect(o.metadata?.name).toBeTruthy();
    });

    it('validates every object against its schema, unknown fields included', () => {
      const problems = objects().flatMap((o) => {
        const key = `${o.apiVersion}/${o.kind}`;
        if (!schemas.has(key)) return [`${idOf(o)}: no schema known for ${key}`];
        const found = schemas.check(key, o).map((p) => `${idOf(o)} ${p}`);
        try {
          modelValidate(o);
        } catch (err) {
          found.push(`${idOf(o)}: ${(err as Error).message}`);
        }
        return found;
      });
      expect(problems).toEqual([]);
    });

    it('gives every container limits, probes, a non-root user and a read-only root', () => {
      expect(containerProblems(objects())).toEqual([]);
    });

    it('pins every image to a version', () => {
      expect(imageProblems(objects())).toEqual([]);
    });

    it('puts no secret value in a manifest', () => {
      expect(secretValueProblems(objects())).toEqual([]);
    });

    it('covers every Service with a NetworkPolicy; only the gateway takes outside traffic', () => {
      expect(serviceCoverageProblems(objects())).toEqual([]);
      expect(externalIngressProblems(objects())).toEqual([]);
    });

    it('scales each Deployment by one autoscaler, and stops pods only after they drained', () => {
      expect(autoscalerProblems(objects())).toEqual([]);
      expect(drainProblems(objects())).toEqual([]);
    });
  });

  describe.each(OVERLAYS)('%s is a whole deployment', (dir) => {
    const objects = () => rendered.get(dir)!;
    const find = (kind: string, name: string) =>
      objects().find((o) => o.kind === kind && o.metadata.name === name);

    it('denies all traffic by default and allows DNS', () => {
      expect(defaultDenyProblems(objects())).toEqual([]);
    });

    it('runs each app from the one image, with its Service, PDB, autoscaler and ServiceMonitor', () => {
      for (const app of APP_NAMES) {
        const deployment = find('Deployment', app)!;
        expect(deployment).toBeDefined();
        const [container] = deployment.spec.template.spec.containers;
        expect(container.args).toEqual([app]);
        expect(container.image).toMatch(/slotline:\d+\.\d+\.\d+$/);
        expect(find('Service', app)).toBeDefined();
        expect(find('PodDisruptionBudget', app)).toBeDefined();
        expect(find('ServiceMonitor', app)?.spec.endpoints[0].path).toBe('/metrics');
        const scaled = objects().filter(
          (o) =>
            ['HorizontalPodAutoscaler', 'ScaledObject'].includes(o.kind) &&
            o.spec.scaleTargetRef.name === app,
        );
        expect(scaled).toHaveLength(1);
        for (const [probe, path] of [
          ['livenessProbe', '/health/live'],
          ['readinessProbe', '/health/ready'],
          ['startupProbe', '/health/live'],
        ]) {
          expect(container[probe].httpGet.path).toBe(path);
        }
      }
    });

    it('sets only settings the apps read, and no app setting that its config class does not know', () => {
      for (const app of APP_NAMES) {
        const [container] = find('Deployment', app)!.spec.template.spec.containers;
        const known = settingsOf(app);
        const fromConfigMaps = (container.envFrom ?? [])
          .map((f: { configMapRef: { name: string } }) =>
            objects().find((o) => o.metadata.name === f.configMapRef.name)!,
          )
          .filter((cm: K8sObject) => !cm.metadata.name.startsWith('slotline-database'));
        const keys = fromConfigMaps.flatMap((cm: K8sObject) => Object.keys(cm.data ?? {}));
        expect(keys.filter((k: string) => !known.has(k))).toEqual([]);
        const env = (container.env ?? []).map((e: { name: string }) => e.name);
        // DATABASE_PASSWORD only assembles DATABASE_URL; every other name is a setting of this app.
        expect(env.filter((k: string) => k !== 'DATABASE_PASSWORD' && !known.has(k))).toEqual([]);
      }
    });

    it('points the services at PgBouncer with their own role, and the migration Job at the primary as migrator', () => {
      for (const service of Object.keys(SERVICE_SCHEMAS) as ServiceName[]) {
        const spec = find('Deployment', service)!.spec.template.spec;
        const env = envOf(objects(), spec.containers[0]);
        const role = SERVICE_SCHEMAS[service].role;
        expect(env.DATABASE_URL).toBe(
          `postgres://${role}:$(DATABASE_PASSWORD)@$(DATABASE_HOST):5432/$(DATABASE_NAME)`,
        );
        expect(env.DATABASE_HOST).toBe('slotline-db-pooler-rw');
        expect(spec.initContainers.map((c: { args: string[] }) => c.args)).toEqual([
          ['await-migrations', service],
        ]);
      }
      const job = find('Job', 'slotline-migrate')!;
      const env = envOf(objects(), job.spec.template.spec.containers[0]);
      expect(job.spec.template.spec.containers[0].args).toEqual(['migrate']);
      expect(env.MIGRATOR_DATABASE_URL).toMatch(
        /^postgres:\/\/slotline_migrator:\$\(MIGRATOR_PASSWORD\)@\$\(DATABASE_PRIMARY_HOST\)/,
      );
      expect(env.DATABASE_PRIMARY_HOST).toBe('slotline-db-rw');
      const pooler = objects().find((o) => o.kind === 'Pooler')!;
      expect(pooler.metadata.name).toBe(env.DATABASE_HOST);
      expect(pooler.spec.pgbouncer.poolMode).toBe('transaction');
    });

    it('exposes only the gateway through an Ingress', () => {
      const ingresses = objects().filter((o) => o.kind === 'Ingress');
      const backends = ingresses.flatMap((i) =>
        i.spec.rules.flatMap((r: Json) => r.http.paths.map((p: Json) => p.backend.service.name)),
      );
      expect([...new Set(backends)]).toEqual(['gateway']);
    });
  });

  it('prod: three NATS servers with the events stream at three replicas, and three PostgreSQL instances', () => {
    const prod = rendered.get('overlays/prod')!;
    const nats = prod.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'nats')!;
    expect(nats.spec.replicas).toBe(3);
    const natsConf = prod.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('nats-config'))!;
    expect(natsConf.data!['nats.conf']).toMatch(/cluster \{/);
    const config = prod.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('slotline-config'))!;
    expect(config.data!.NATS_STREAM_REPLICAS).toBe('3');
    const db = prod.find((o) => o.kind === 'Cluster')!;
    expect(db.spec.instances).toBe(3);
    expect(db.spec.postgresql.synchronous).toMatchObject({ method: 'any', number: 1 });
    expect(db.spec.backup.barmanObjectStore.wal).toBeDefined();
    expect(prod.some((o) => o.kind === 'ScheduledBackup')).toBe(true);
    expect(prod.find((o) => o.kind === 'ScaledObject')?.spec.triggers[0].type).toBe('nats-jetstream');
  });

  it('dev: one of each engine, and the events stream at one replica', () => {
    const dev = rendered.get('overlays/dev')!;
    expect(dev.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'nats')!.spec.replicas).toBe(1);
    const natsConf = dev.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('nats-config'))!;
    expect(natsConf.data!['nats.conf']).not.toMatch(/cluster \{/);
    const config = dev.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('slotline-config'))!;
    expect(config.data!.NATS_STREAM_REPLICAS).toBe('1');
    expect(dev.find((o) => o.kind === 'Cluster')!.spec.instances).toBe(1);
    expect(dev.find((o) => o.kind === 'Cluster')!.spec.postgresql.synchronous).toBeUndefined();
  });
});
