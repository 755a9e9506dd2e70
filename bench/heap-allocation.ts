import v8 from 'node:v8';

/**
 * Bytes this process allocated on the V8 heap while `run` ran: the growth of the used heap plus what
 * every collection in between freed (`v8.GCProfiler` reports the used heap before and after each one).
 * Node 20 has no allocation counter of its own; this one is exact up to what other work of the process
 * allocated meanwhile.
 */
export async function heapAllocatedBy<T>(run: () => Promise<T> | T): Promise<{ result: T; bytes: number }> {
  const profiler = new v8.GCProfiler();
  const used0 = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  const result = await run();
  const used1 = v8.getHeapStatistics().used_heap_size;
  const freed = (profiler.stop()?.statistics ?? []).reduce(
    (sum, gc) => sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize,
    0,
  );
  return { result, bytes: used1 - used0 + freed };
}
