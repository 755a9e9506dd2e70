import type { ConsumerMessages, JsMsg } from 'nats';

export interface BatchLoop {
  /** The most messages handed to `handle` at once. */
  maxBatch: number;
  /** False once the consumer is stopping: no further batch is started. */
  running: () => boolean;
  handle: (batch: JsMsg[]) => Promise<void>;
}

/**
 * Reads a JetStream consumer's messages and hands them on in stream order, one batch at a time:
 * whatever has arrived while the previous batch was handled (at most `maxBatch`) goes into the next.
 * Messages left over when it stops are not handled (so never acked): the server delivers them again,
 * as with a message the iterator still held. Closes the iterator however it ends.
 */
export async function forEachBatch(messages: ConsumerMessages, loop: BatchLoop): Promise<void> {
  const arrived: JsMsg[] = [];
  // `wake` tells the handling loop a message arrived; `room` tells the pump a batch was taken.
  const signal: { ended: boolean; stopping: boolean; wake?: () => void; room?: () => void } = {
    ended: false,
    stopping: false,
  };
  const pump = (async () => {
    try {
      for await (const msg of messages) {
        arrived.push(msg);
        signal.wake?.();
        // Once stopping, the rest is only read through (never handled, so never acked) until it ends.
        if (arrived.length >= loop.maxBatch && !signal.stopping)
          await new Promise<void>((resolve) => (signal.room = resolve));
      }
    } finally {
      signal.ended = true;
      signal.wake?.();
    }
  })();
  try {
    while (loop.running()) {
      if (arrived.length === 0) {
        if (signal.ended) break;
        await new Promise<void>((resolve) => (signal.wake = resolve));
        signal.wake = undefined;
        continue;
      }
      const batch = arrived.splice(0, loop.maxBatch);
      signal.room?.();
      signal.room = undefined;
      await loop.handle(batch);
    }
  } finally {
    // Stopped, or failed: either way the iterator is closed. The pump is let go first: nats.js resolves
    // close() only once the pump has read through the buffered messages, so awaiting it before would
    // deadlock.
    signal.stopping = true;
    signal.room?.();
    const closed = messages.close().catch(() => undefined);
    await pump;
    await closed;
  }
}

/** A promise with its settle functions, for work that another part of the code finishes. */
export function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void } {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A rejection nobody waits for (no span was open) is not an unhandled one.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
