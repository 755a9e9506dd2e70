import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RpcContract } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { RpcClient } from '@slotline/messaging';
import etag from 'etag';
import { Observable, from, switchMap } from 'rxjs';
import { GatewayRequest, callOf } from '../auth/authenticated-request';

export interface IfMatchOptions<Req = unknown, Res = unknown> {
  /** The query that returns the current representation (what GET answers for this resource). */
  query: RpcContract<Req, Res>;
  /** Its payload, from the request (usually the path id). */
  payload: (req: GatewayRequest) => Req;
}

const IF_MATCH = 'slotline:if-match';

/** The ETag the edge puts on a GET of `body` (weak, over the JSON text), so both sides agree. */
export function etagOf(body: unknown): string {
  return etag(JSON.stringify(body), { weak: true });
}

/** Whether an If-Match / If-None-Match list names `current` (weak comparison, `*` matches any). */
export function etagListMatches(header: string, current: string): boolean {
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 §8.8.3.2): our tags are weak, so compare the opaque part.
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => opaque(t) === opaque(current));
}

/**
 * GW-6 optimistic concurrency for updates: with `If-Match`, the update runs only if the resource's
 * current ETag matches; otherwise 412 `CF_PRECONDITION_FAILED`. Without the header it runs as usual.
 */
@Injectable()
export class IfMatchInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly rpc: RpcClient,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const opts = this.reflector.get<IfMatchOptions>(IF_MATCH, context.getHandler());
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const header = req.headers['if-match'];
    if (!opts || !header) return next.handle();
    return from(this.rpc.request(opts.query, opts.payload(req), callOf(req))).pipe(
      switchMap((current) => {
        const tag = etagOf(current);
        if (!etagListMatches(header, tag)) {
          throw new AppError(
            'CF_PRECONDITION_FAILED',
            'The resource changed since you read it; fetch it again and retry.',
            undefined,
            {
              current_etag: tag,
            },
          );
        }
        return next.handle();
      }),
    );
  }
}

/** Put on PATCH/PUT routes: honours `If-Match` against the representation `query` returns. */
export const IfMatch = <Req, Res>(opts: IfMatchOptions<Req, Res>) =>
  applyDecorators(SetMetadata(IF_MATCH, opts), UseInterceptors(IfMatchInterceptor));
