import { LookupFunction } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { CheckedTarget } from './ssrf-guard';

/** How much of a response is read (and kept in the delivery log); the rest is never downloaded. */
export const MAX_RESPONSE_BYTES = 1024;

export interface SendResult {
  /** null when no response arrived (connection error, timeout). */
  statusCode: number | null;
  /** The first MAX_RESPONSE_BYTES of the body, as text. */
  body: string | null;
  retryAfter: string | null;
  error: string | null;
  latencyMs: number;
}

export interface WebhookRequest {
  target: CheckedTarget;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs one signed delivery to the address the SSRF guard checked: the request's `lookup` answers with
 * that address only, so a second DNS answer cannot redirect it (TLS still verifies the host name).
 * Redirects are not followed (a 3xx is a failed attempt), the whole exchange has a deadline, and at
 * most MAX_RESPONSE_BYTES of the answer are read.
 */
export function sendWebhook(req: WebhookRequest): Promise<SendResult> {
  const started = performance.now();
  const { url, address, family } = req.target;
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        headers: {
          ...req.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(req.body).toString(),
          'user-agent': 'Slotline-Webhooks/1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const body = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
          const retryAfter = res.headers['retry-after'];
          finish({
            statusCode: res.statusCode ?? null,
            body: body.length ? body : null,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            error: null,
          });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) done();
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    const deadline = setTimeout(() => {
      finish({
        statusCode: null,
        body: null,
        retryAfter: null,
        error: `timed out after ${req.timeoutMs} ms`,
      });
      request.destroy();
    }, req.timeoutMs);
    request.on('error', (err) =>
      finish({ statusCode: null, body: null, retryAfter: null, error: err.message.slice(0, 500) }),
    );
    request.end(req.body);
  });
}
