import { Json, K8sObject, idOf, podTemplates } from './manifests';

/**
 * Policies that fail the build (SPEC OPS-2): each returns the problems it finds, [] when the objects
 * comply. test/deploy/policies.spec.ts proves each one rejects a broken object.
 */

type Container = Record<string, Json>;

function containersOf(objects: K8sObject[]) {
  return podTemplates(objects).flatMap(({ owner, template }) => [
    ...(template.spec.containers ?? []).map((c: Container) => ({
      owner,
      pod: template.spec,
      c,
      init: false,
    })),
    ...(template.spec.initContainers ?? []).map((c: Container) => ({
      owner,
      pod: template.spec,
      c,
      init: true,
    })),
  ]);
}

/** Limits, requests, probes (long-running containers), non-root, read-only root, no escalation, no caps. */
export function containerProblems(objects: K8sObject[]): string[] {
  return containersOf(objects).flatMap(({ owner, pod, c, init }) => {
    const at = `${idOf(owner)} container ${c.name}`;
    const problems: string[] = [];
    for (const kind of ['limits', 'requests'] as const) {
      for (const res of ['cpu', 'memory']) {
        if (!c.resources?.[kind]?.[res]) problems.push(`${at}: no ${kind}.${res}`);
      }
    }
    const longRunning = !init && owner.kind !== 'Job';
    if (longRunning && (!c.livenessProbe || !c.readinessProbe))
      problems.push(`${at}: no liveness/readiness probe`);
    const nonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
    if (nonRoot !== true) problems.push(`${at}: runAsNonRoot is not set`);
    if ((c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser) === 0)
      problems.push(`${at}: runs as uid 0`);
    if (c.securityContext?.readOnlyRootFilesystem !== true)
      problems.push(`${at}: root filesystem is writable`);
    if (c.securityContext?.allowPrivilegeEscalation !== false)
      problems.push(`${at}: privilege escalation allowed`);
    if (!(c.securityContext?.capabilities?.drop ?? []).includes('ALL'))
      problems.push(`${at}: capabilities not dropped`);
    if (c.securityContext?.privileged) problems.push(`${at}: privileged`);
    const seccomp = c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault') problems.push(`${at}: seccomp profile is not RuntimeDefault`);
    return problems;
  });
}

function imagesIn(value: unknown, at: string, out: { at: string; image: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => imagesIn(v, `${at}/${i}`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'image' || k === 'imageName') && typeof v === 'string')
        out.push({ at: `${at}/${k}`, image: v });
      else imagesIn(v, `${at}/${k}`, out);
    }
  }
  return out;
}

/** Every image names an explicit version (or digest), never `latest`. */
export function imageProblems(objects: K8sObject[]): string[] {
  return objects.flatMap((o) =>
    imagesIn(o, idOf(o)).flatMap(({ at, image }) => {
      if (image.includes('@sha256:')) return [];
      const tag = image.slice(image.lastIndexOf('/') + 1).split(':')[1];
      if (!tag) return [`${at}: ${image} has no tag`];
      if (tag === 'latest') return [`${at}: ${image} uses :latest`];
      return [];
    }),
  );
}

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** Does a label selector select pods with these labels? */
export function selects(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    switch (e.operator) {
      case 'In':
        return e.values!.includes(labels[e.key]);
      case 'NotIn':
        return !e.values!.includes(labels[e.key]);
      case 'Exists':
        return e.key in labels;
      case 'DoesNotExist':
        return !(e.key in labels);
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

/** Every Service's pods are selected by a NetworkPolicy that lists who may reach them. */
export function serviceCoverageProblems(objects: K8sObject[]): string[] {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  return objects
    .filter((o) => o.kind === 'Service')
    .filter((svc) => {
      const labels: Record<string, string> = svc.spec.selector ?? {};
      return !policies.some(
        (p) =>
          Object.keys(labels).length > 0 &&
          (p.spec.podSelector?.matchLabels || p.spec.podSelector?.matchExpressions) &&
          selects(p.spec.podSelector, labels) &&
          (p.spec.ingress ?? []).length > 0,
      );
    })
    .map((svc) => `${idOf(svc)}: no NetworkPolicy states who may reach its pods`);
}

/** A default-deny policy for ingress and egress, and DNS allowed, in a deployable overlay. */
export function defaultDenyProblems(objects: K8sObject[]): string[] {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const isAll = (p: K8sObject) => Object.keys(p.spec.podSelector ?? {}).length === 0;
  const problems: string[] = [];
  const deny = policies.find(
    (p) =>
      isAll(p) &&
      ['Ingress', 'Egress'].every((t) => p.spec.policyTypes?.includes(t)) &&
      !p.spec.ingress &&
      !p.spec.egress,
  );
  if (!deny) problems.push('no default-deny NetworkPolicy (all pods, Ingress and Egress, no rules)');
  const dns = policies.some(
    (p) =>
      isAll(p) && (p.spec.egress ?? []).some((r: Json) => (r.ports ?? []).some((x: Json) => x.port === 53)),
  );
  if (!dns) problems.push('no NetworkPolicy lets every pod resolve names (port 53)');
  return problems;
}

/** Namespaces that may reach pods besides the ingress controller: scrapers, autoscaler, database operator. */
export const INFRA_NAMESPACES = ['monitoring', 'keda', 'cnpg-system'];

/** Only the gateway takes traffic from outside the namespace (besides the infrastructure above). */
export function externalIngressProblems(objects: K8sObject[]): string[] {
  return objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .flatMap((p) =>
      (p.spec.ingress ?? []).flatMap((rule: Json) =>
        (rule.from ?? [{}]).flatMap((peer: Json) => {
          if (peer.podSelector && !peer.namespaceSelector) return [];
          const ns = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
          if (ns && INFRA_NAMESPACES.includes(ns)) return [];
          const gatewayOnly =
            p.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'gateway' && !peer.ipBlock;
          return gatewayOnly
            ? []
            : [`${idOf(p)}: lets ${ns ?? 'anything'} in to pods other than the gateway`];
        }),
      ),
    );
}

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|JWKS|API_?KEY|ENCRYPTION_KEY|CREDENTIAL)/i;

function secretLooking(value: string): string | null {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return 'a PEM private key';
  if (/"d"\s*:\s*"/.test(value)) return 'a private JWK';
  const url = /[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i.exec(value);
  if (url && !/^\$\([A-Z_][A-Z0-9_]*\)$/.test(url[1])) return 'a URL with a password';
  return null;
}

/** No secret value anywhere in a manifest: no Secret objects, no literal passwords, keys or tokens. */
export function secretValueProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'string') {
      const found = secretLooking(value);
      if (found) problems.push(`${at}: ${found}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}/${i}`));
    else if (value && typeof value === 'object') {
      const rec = value as Record<string, unknown>;
      // env: [{ name, value }] with a secret-looking name must use valueFrom.
      if (
        typeof rec.name === 'string' &&
        typeof rec.value === 'string' &&
        rec.value &&
        SECRET_NAME.test(rec.name)
      ) {
        problems.push(`${at}: ${rec.name} has a literal value (use a secretKeyRef)`);
      }
      for (const [k, v] of Object.entries(rec)) walk(v, `${at}/${k}`);
    }
  };
  for (const o of objects) {
    if (o.kind === 'Secret') problems.push(`${idOf(o)}: Secret objects do not belong in the repository`);
    if (o.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries(o.data ?? {})) {
        if (SECRET_NAME.test(k) && v) problems.push(`${idOf(o)}: ${k} looks like a secret in a ConfigMap`);
      }
    }
    walk(o, idOf(o));
  }
  return problems;
}

/** One autoscaler per Deployment: an HPA or a KEDA ScaledObject, never both. */
export function autoscalerProblems(objects: K8sObject[]): string[] {
  const targets = new Map<string, string[]>();
  for (const o of objects.filter((x) => x.kind === 'HorizontalPodAutoscaler' || x.kind === 'ScaledObject')) {
    const t = `${o.spec.scaleTargetRef.kind ?? 'Deployment'}/${o.spec.scaleTargetRef.name}`;
    targets.set(t, [...(targets.get(t) ?? []), idOf(o)]);
  }
  return [...targets]
    .filter(([, by]) => by.length > 1)
    .map(([t, by]) => `${t} is scaled by ${by.join(' and ')}`);
}

/** Environment a container gets from the ConfigMaps it names in envFrom, then its literal env values. */
export function envOf(objects: K8sObject[], c: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name);
    Object.assign(env, cm?.data ?? {});
  }
  for (const e of c.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
  return env;
}

/** Pods are given longer to stop than the app's drain (SHUTDOWN_GRACE_MS) and listen on all interfaces. */
export function drainProblems(objects: K8sObject[]): string[] {
  return containersOf(objects)
    .filter(({ owner, init }) => owner.kind === 'Deployment' && !init)
    .flatMap(({ owner, pod, c }) => {
      const env = envOf(objects, c);
      const problems: string[] = [];
      const grace = Number(env.SHUTDOWN_GRACE_MS ?? 1000);
      const termination = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
      if (termination <= grace + 5000) {
        problems.push(
          `${idOf(owner)}: terminationGracePeriodSeconds ${termination / 1000} s is not above the ${grace} ms drain plus 5 s`,
        );
      }
      if (env.HTTP_HOST !== '0.0.0.0')
        problems.push(`${idOf(owner)}: HTTP_HOST is not 0.0.0.0 (probes could not reach it)`);
      return problems;
    });
}
