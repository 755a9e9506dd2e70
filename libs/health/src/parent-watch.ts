/**
 * Calls `onGone` once when this process's parent dies (the process is re-parented, so its parent id
 * changes). Node has no parent-death signal, so this polls; the timer never keeps the process alive.
 *
 * Why: a supervisor (`npm start`, a test, a benchmark) killed with SIGKILL cannot stop its children,
 * and an orphaned app keeps consuming its schema's outbox and the stream's events, so a later run on the
 * same database and stream loses events to it.
 */
export function watchParent(onGone: () => void, intervalMs = 1000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
