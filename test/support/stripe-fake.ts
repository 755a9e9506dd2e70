import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Faults the fake can inject into the next transfer requests, in order. `before` faults happen before
 * the transfer executes (nothing moves, nothing is stored for the key); `timeout_after_transfer` makes
 * the transfer, stores the answer under the key, and then never answers (the client times out).
 */
export type StripeFault =
  | 'server_error'
  | 'rate_limited'
  | 'socket_reset'
  | 'timeout_after_transfer'
  | 'insufficient_balance'
  | 'slow';

export interface FakeTransfer {
  id: string;
  object: 'transfer';
  amount: number;
  currency: string;
  destination: string;
  transfer_group: string | null;
  metadata: Record<string, string>;
  created: number;
  idempotency_key: string | null;
}

interface StoredAnswer {
  fingerprint: string;
  state: 'in_flight' | 'done';
  status?: number;
  body?: unknown;
}

export interface FakeRequestLog {
  method: string;
  path: string;
  idempotency_key: string | null;
  /** created, replayed, refused, or the fault injected. */
  outcome: string;
  status: number | 'no answer';
}

/**
 * A local stand-in for the part of Stripe's HTTP API that payouts uses (no network: it listens on
 * 127.0.0.1). Form-encoded bodies, bearer auth, `POST /v1/transfers`, `GET /v1/transfers/:id`,
 * `GET /v1/balance`, and Stripe's idempotency semantics: the first answer for a key is stored and
 * replayed (`Idempotent-Replayed: true`), the same key with other parameters is 400 `idempotency_error`,
 * and a retry while the first request still runs is 409.
 */
export class StripeFake {
  readonly secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  readonly transfers: FakeTransfer[] = [];
  readonly requests: FakeRequestLog[] = [];
  private readonly accounts = new Set<string>();
  private readonly balance = new Map<string, number>();
  private readonly keys = new Map<string, StoredAnswer>();
  private readonly faults: StripeFault[] = [];
  private readonly held = new Set<ServerResponse>();
  private server: Server | null = null;
  /** How long a `slow` transfer runs before it answers. */
  slowMs = 500;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** The settings that point the payouts service (or the SDK) at this fake. */
  get env(): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: this.secretKey,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(this.port),
      STRIPE_API_PROTOCOL: 'http',
    };
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  addAccount(id = `acct_${randomBytes(8).toString('hex')}`): string {
    this.accounts.add(id);
    return id;
  }

  setBalance(currency: string, amount: number): void {
    this.balance.set(currency.toLowerCase(), amount);
  }

  availableBalance(currency: string): number {
    return this.balance.get(currency.toLowerCase()) ?? 0;
  }

  /** Queues faults for the next transfer requests, one each, in order. */
  inject(...faults: StripeFault[]): void {
    this.faults.push(...faults);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  transfersFor(payoutId: string): FakeTransfer[] {
    return this.transfers.filter((t) => t.metadata.payout_id === payoutId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const key = header(req, 'idempotency-key');
    const log = (outcome: string, status: number | 'no answer') =>
      this.requests.push({
        method: req.method ?? '',
        path: url.pathname,
        idempotency_key: key,
        outcome,
        status,
      });

    if (header(req, 'authorization') !== `Bearer ${this.secretKey}`) {
      log('refused', 401);
      return sendError(res, 401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
    }
    if (req.method === 'GET' && url.pathname === '/v1/balance') {
      log('read', 200);
      return send(res, 200, {
        object: 'balance',
        available: [...this.balance].map(([currency, amount]) => ({ currency, amount })),
        pending: [],
      });
    }
    const transferId = /^\/v1\/transfers\/(tr_[A-Za-z0-9]+)$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && transferId) {
      const found = this.transfers.find((t) => t.id === transferId);
      log(found ? 'read' : 'refused', found ? 200 : 404);
      if (found) return send(res, 200, found);
      return sendError(res, 404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: 'No such transfer',
      });
    }
    if (req.method === 'POST' && url.pathname === '/v1/transfers')
      return this.createTransfer(req, res, body, key, log);
    log('refused', 404);
    return sendError(res, 404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${req.method} ${url.pathname})`,
    });
  }

  private async createTransfer(
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    key: string | null,
    log: (outcome: string, status: number | 'no answer') => void,
  ): Promise<void> {
    if (!/^application\/x-www-form-urlencoded/.test(header(req, 'content-type') ?? '')) {
      log('refused', 400);
      return sendError(res, 400, { type: 'invalid_request_error', message: 'Bodies must be form-encoded' });
    }
    const params = new URLSearchParams(raw);
    const fingerprint = createHash('sha256')
      .update(
        [...params]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${v}`)
          .join('&'),
      )
      .digest('hex');

    const stored = key ? this.keys.get(key) : undefined;
    if (stored && stored.fingerprint !== fingerprint) {
      log('refused', 400);
      return sendError(res, 400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (stored?.state === 'in_flight') {
      log('refused', 409);
      return sendError(res, 409, {
        type: 'idempotency_error',
        message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      });
    }
    if (stored?.state === 'done') {
      log('replayed', stored.status!);
      res.setHeader('Idempotent-Replayed', 'true');
      return send(res, stored.status!, stored.body);
    }

    const fault = this.faults.shift();
    if (fault === 'socket_reset') {
      log(fault, 'no answer');
      req.socket.destroy();
      return;
    }
    if (fault === 'server_error') {
      log(fault, 500);
      return sendError(res, 500, { type: 'api_error', message: 'An unknown error occurred' });
    }
    if (fault === 'rate_limited') {
      log(fault, 429);
      return sendError(res, 429, {
        type: 'rate_limit_error',
        code: 'rate_limit',
        message: 'Too many requests',
      });
    }

    // From here the request executes: its answer is stored for the key, whatever it is.
    if (key) this.keys.set(key, { fingerprint, state: 'in_flight' });
    if (fault === 'slow') await new Promise((r) => setTimeout(r, this.slowMs));
    const [status, answer] = this.execute(params, key, fault === 'insufficient_balance');
    if (key) this.keys.set(key, { fingerprint, state: 'done', status, body: answer });
    if (fault === 'timeout_after_transfer') {
      log(fault, 'no answer');
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    log(status === 200 ? 'created' : 'refused', status);
    return send(res, status, answer);
  }

  private execute(
    params: URLSearchParams,
    key: string | null,
    forceInsufficient: boolean,
  ): [number, unknown] {
    const amount = Number(params.get('amount'));
    const currency = (params.get('currency') ?? '').toLowerCase();
    const destination = params.get('destination') ?? '';
    if (!Number.isInteger(amount) || amount <= 0 || !/^[a-z]{3}$/.test(currency)) {
      return errorBody(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid',
        message: 'Invalid amount or currency',
      });
    }
    if (!this.accounts.has(destination)) {
      return errorBody(400, {
        type: 'invalid_request_error',
        code: 'account_invalid',
        param: 'destination',
        message: `No such destination: '${destination}'`,
      });
    }
    const available = this.availableBalance(currency);
    if (forceInsufficient || available < amount) {
      // Real Stripe answers 400 for this code; the issue asks the fake for 402, and the adapter reads the code.
      return errorBody(402, {
        type: 'invalid_request_error',
        code: 'balance_insufficient',
        message: 'You have insufficient available funds in your Stripe account.',
      });
    }
    this.balance.set(currency, available - amount);
    const metadata: Record<string, string> = {};
    for (const [k, v] of params) {
      const m = /^metadata\[(.+)\]$/.exec(k);
      if (m) metadata[m[1]] = v;
    }
    const transfer: FakeTransfer = {
      id: `tr_${randomBytes(12).toString('hex')}`,
      object: 'transfer',
      amount,
      currency,
      destination,
      transfer_group: params.get('transfer_group'),
      metadata,
      created: Math.floor(Date.now() / 1000),
      idempotency_key: key,
    };
    this.transfers.push(transfer);
    return [200, transfer];
  }
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function errorBody(status: number, error: Record<string, string>): [number, unknown] {
  return [status, { error: { ...error, request_log_url: null } }];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(7).toString('hex')}`,
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: Record<string, string>): void {
  const [, body] = errorBody(status, error);
  send(res, status, body);
}
