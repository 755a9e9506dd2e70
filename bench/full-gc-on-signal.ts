/**
 * Loaded into every app by the benchmarks (`--require`), never by `npm start` or the image: SIGUSR2
 * runs one full garbage collection. A process that has served for a while has had full GCs, and after
 * the first one V8 sizes its old generation by what is live, not by what start-up allocated; a
 * benchmark that times calls right after start-up measures a state no running service is in
 * (docs/performance.md, "Availability p99, ninth pass"). `fullGc` does the same in the benchmark's
 * own process.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
/** V8's `gc()`, taken from a fresh context (the flag exposes it to contexts made after it is set). */
export const fullGc = vm.runInNewContext('gc') as () => void;

process.on('SIGUSR2', () => fullGc());
