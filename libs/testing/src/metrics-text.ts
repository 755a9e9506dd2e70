/**
 * The value of one sample in a Prometheus text exposition (`/metrics`, `Metrics.render()`): the first line
 * of `metric` whose labels include every `labels` pair; 0 when there is none (a counter not yet touched).
 */
export function sampleValue(body: string, metric: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  const line = body
    .split('\n')
    .find((l) => l.startsWith(`${metric}{`) && wanted.every((label) => l.includes(label)));
  return line ? Number(line.split(' ').pop()) : 0;
}
