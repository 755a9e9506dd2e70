import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Metrics } from './metrics';

/** The parts of Express's request and response this needs. */
interface HttpRequestLike {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

interface HttpResponseLike {
  statusCode: number;
  writableFinished: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

// nginx's code for "client closed the connection before the response was sent".
const CLIENT_CLOSED = '499';

/**
 * Times one request into `http_server_request_duration_seconds` when its response is finished, so the
 * status is the one really sent (after exception filters). The route is the template (`/v1/bookings/:id`),
 * never the raw URL, to keep cardinality low; requests that matched no route are `unmatched`.
 */
export function observeHttpRequest(metrics: Metrics, req: HttpRequestLike, res: HttpResponseLike): void {
  const end = metrics.httpDuration.startTimer();
  let recorded = false;
  const record = (statusCode: string) => {
    if (recorded) return;
    recorded = true;
    end({ method: req.method, route: routeTemplate(req), status_code: statusCode });
  };
  res.once('finish', () => record(String(res.statusCode)));
  res.once('close', () => record(res.writableFinished ? String(res.statusCode) : CLIENT_CLOSED));
}

function routeTemplate(req: HttpRequestLike): string {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}

/**
 * Nest interceptor recording HTTP latency, errors included. Interceptors run after guards, so a
 * request a guard rejects (401/403/429) is not seen: use `httpMetricsMiddleware` instead to count
 * those and unmatched routes too — one or the other, never both.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const http = context.switchToHttp();
      observeHttpRequest(
        this.metrics,
        http.getRequest<HttpRequestLike>(),
        http.getResponse<HttpResponseLike>(),
      );
    }
    return next.handle();
  }
}

/** Express middleware (`app.use(httpMetricsMiddleware(metrics))`) that sees every request. */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: HttpRequestLike, res: HttpResponseLike, next: () => void): void => {
    observeHttpRequest(metrics, req, res);
    next();
  };
}
