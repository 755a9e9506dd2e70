import { Events, NatsConnection } from 'nats';

/**
 * Whether a NATS connection is known to be down: from a `disconnect` until the `reconnect` (nats.js
 * keeps reconnecting in the background, `maxReconnectAttempts: -1`). While it is down, RpcClient
 * refuses at once with 503 instead of queueing requests in the client's outbound buffer and letting
 * each one wait out its timeout; it recovers by itself when the connection is back.
 */
export class ConnectionWatch {
  private disconnected = false;

  constructor(private readonly nc: NatsConnection) {
    if (typeof nc.status === 'function') void this.follow();
  }

  get isDown(): boolean {
    return this.disconnected || this.nc.isClosed();
  }

  private async follow(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === Events.Disconnect) this.disconnected = true;
      else if (status.type === Events.Reconnect) this.disconnected = false;
    }
  }
}
