import { CallDeadline } from '@slotline/observability';

/** One request a replica has taken and not yet answered. */
export interface InFlightCall {
  /** Shared with the handler's deadline context: bringing it forward makes its transaction roll back. */
  readonly deadline: CallDeadline;
  /** True once the replica gave up on it and answered for it (the handler's own answer is then dropped). */
  aborted: boolean;
  /** Sends an answer on the replica's behalf (the request's reply subject). */
  readonly abort: () => void;
}

/**
 * The requests a replica is working on, from the moment a message arrives until its answer (the
 * reply that completes the handler's response stream) is published — not until Nest hands back its
 * lazy Observable. Shutdown waits on this, and past its grace period aborts what is left.
 */
export class InFlightCalls {
  private readonly calls = new Set<InFlightCall>();
  private idle?: () => void;

  get size(): number {
    return this.calls.size;
  }

  start(call: InFlightCall): () => void {
    this.calls.add(call);
    return () => {
      this.calls.delete(call);
      if (!this.calls.size) this.idle?.();
    };
  }

  /** Resolves when nothing is in flight or after `graceMs`; returns what was still running then. */
  async settle(graceMs: number): Promise<InFlightCall[]> {
    if (this.calls.size) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.idle = undefined;
    }
    return [...this.calls];
  }
}
