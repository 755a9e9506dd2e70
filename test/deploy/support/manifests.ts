import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TypeRef } from './type-schema';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const K8S = path.join(ROOT, 'k8s');

/** Every kustomization the repository ships, rendered and checked by test/deploy/manifests.spec.ts. */
export const KUSTOMIZATIONS = [
  'base',
  'platform',
  'platform/postgres/restore',
  'overlays/dev',
  'overlays/prod',
];
/** The ones that are a whole deployment (a namespace with apps and engines). */
export const OVERLAYS = ['overlays/dev', 'overlays/prod'];

/** Parsed YAML: shapes are checked by TypeSchemas, so the policies read it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Json;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

export function kubectlAvailable(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

/** `kubectl kustomize k8s/<dir>` (offline), parsed into objects. */
export function render(dir: string): K8sObject[] {
  const out = spawnSync('kubectl', ['kustomize', path.join(K8S, dir)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (out.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${out.stderr}`);
  return parseAllDocuments(out.stdout).map((doc) => {
    if (doc.errors.length) throw new Error(`${dir}: ${doc.errors[0].message}`);
    return doc.toJS() as K8sObject;
  });
}

export const idOf = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

/** The TypeScript interface that describes a resource, by apiVersion and kind. */
export function typeRefOf(apiVersion: string, kind: string): TypeRef | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'postgresql.cnpg.io') {
    return { module: path.join(ROOT, 'test/deploy/schemas/cloudnative-pg'), name: `I${kind}` };
  }
  const packages: Record<string, string> = {
    'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
    'keda.sh': '@kubernetes-models/keda/keda.sh',
  };
  const base = packages[group] ?? (group ? `kubernetes-models/${group}` : 'kubernetes-models');
  const module = `${base}/${version}/${kind}`;
  try {
    require.resolve(module);
  } catch {
    return undefined;
  }
  return { module, name: `I${kind}` };
}

/** kubernetes-models' own validation (JSON schema: required fields, formats); throws on a problem. */
export function modelValidate(o: K8sObject): void {
  const ref = typeRefOf(o.apiVersion, o.kind);
  if (!ref || ref.module.startsWith(ROOT)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = require(ref.module)[o.kind] as new (data: unknown) => { validate(): void };
  new Model(o).validate();
}

/** Pod templates of the workloads (Deployment, StatefulSet, Job) with the object they belong to. */
export function podTemplates(objects: K8sObject[]) {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'].includes(o.kind))
    .map((o) => ({ owner: o, template: o.spec.template }));
}
