import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as the receiver saw it, checked with the official Standard Webhooks library. */
export interface ReceivedWebhook {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** Which of the path's secrets verified the request (by index); empty when none did. */
  verifiedBy: number[];
  receivedAt: number;
  answered: number;
}

/**
 * A real HTTP receiver on 127.0.0.1. Each path has secrets (every one is tried with `standardwebhooks`)
 * and a script of statuses to answer with (the last repeats; default 200).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly secrets = new Map<string, string[]>();
  private readonly scripts = new Map<string, Array<{ status: number; headers?: Record<string, string> }>>();
  private server: Server | null = null;
  private waiters: Array<() => void> = [];

  async start(): Promise<this> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req).then(({ status, headers }) => {
          res.writeHead(status, { 'content-type': 'text/plain', ...headers });
          res.end(status >= 200 && status < 300 ? 'ok' : `status ${status}`);
        }),
    );
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  /** The secrets a path verifies with (a receiver mid-rotation may know the old and the new one). */
  setSecrets(path: string, secrets: string[]): void {
    this.secrets.set(path, secrets);
  }

  script(
    path: string,
    ...answers: Array<number | { status: number; headers?: Record<string, string> }>
  ): void {
    this.scripts.set(
      path,
      answers.map((a) => (typeof a === 'number' ? { status: a } : a)),
    );
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `path` has received at least `count` requests. */
  async waitFor(path: string, count: number, timeoutMs = 60_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.at(path).length < count) {
      if (Date.now() > deadline)
        throw new Error(`${path} received ${this.at(path).length} of ${count} webhooks in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.at(path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    const verifiedBy = (this.secrets.get(path) ?? []).flatMap((secret, i) => {
      try {
        new Webhook(secret).verify(body, headers);
        return [i];
      } catch {
        return [];
      }
    });
    const script = this.scripts.get(path) ?? [];
    const answer = (script.length > 1 ? script.shift() : script[0]) ?? { status: 200 };
    this.received.push({
      path,
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body,
      verifiedBy,
      receivedAt: Date.now(),
      answered: answer.status,
    });
    this.waiters.splice(0).forEach((w) => w());
    return answer;
  }
}
