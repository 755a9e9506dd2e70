/**
 * A small typed fetch wrapper over the `paths` that openapi-typescript generates (schema.d.ts): the
 * path, its parameters, the body and both outcomes are checked against the OpenAPI document. No
 * runtime dependency besides the global fetch (Node 18+, browsers).
 *
 *   const api = createClient<paths>({ baseUrl: 'http://localhost:3000' });
 *   const { data, error } = await api.POST('/v1/auth/login', { body: { email, password } });
 *
 * `data` is the 2xx body (undefined for 204), `error` the problem document of any 4xx/5xx.
 */

export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | '2XX';

/** Paths that have an operation for `M`. */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof Paths];

type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P] extends { [K in M]: infer Op }
  ? Op
  : never;

type RequiredKeys<T> = { [K in keyof T]-?: Pick<T, K> extends Required<Pick<T, K>> ? K : never }[keyof T];
type UsedKeys<T> = { [K in keyof T]-?: [Exclude<T[K], undefined>] extends [never] ? never : K }[keyof T];

/** `{ path, query, header }` of the operation, without the kinds it does not have. */
export type ParamsOf<Op> = Op extends { parameters: infer P } ? Pick<P, UsedKeys<P>> : Record<never, never>;

type ParamsInit<Op> = [RequiredKeys<ParamsOf<Op>>] extends [never]
  ? { params?: ParamsOf<Op> }
  : { params: ParamsOf<Op> };

type JsonBodyOf<RB> = RB extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON request body of the operation, never when it takes none. */
export type BodyOf<Op> = Op extends { requestBody?: infer RB } ? JsonBodyOf<Exclude<RB, undefined>> : never;

type BodyInit<Op> = [BodyOf<Op>] extends [never]
  ? { body?: never }
  : Op extends { requestBody: unknown }
    ? { body: BodyOf<Op> }
    : { body?: BodyOf<Op> };

export type RequestInit<Op> = ParamsInit<Op> &
  BodyInit<Op> & {
    /** Extra headers for this request (e.g. Authorization, Idempotency-Key). */
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };

type InitArgs<Op> = [RequiredKeys<RequestInit<Op>>] extends [never]
  ? [init?: RequestInit<Op>]
  : [init: RequestInit<Op>];

type Responses<Op> = Op extends { responses: infer R } ? R : never;
type ContentOf<Resp> = Resp extends { content: infer C } ? C[keyof C] : undefined;

/** What a 2xx answer carries (undefined for 204). */
export type DataOf<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? ContentOf<Responses<Op>[S]> : never;
}[keyof Responses<Op>];
/** What any other answer carries: the problem document for this API. */
export type ErrorOf<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus | 304 ? never : ContentOf<Responses<Op>[S]>;
}[keyof Responses<Op>];

export type FetchResult<Op> =
  | { data: DataOf<Op>; error?: undefined; response: Response }
  | { data?: undefined; error: ErrorOf<Op>; response: Response };

type Call<Paths, M extends HttpMethod> = <P extends PathsWith<Paths, M>>(
  path: P,
  ...init: InitArgs<OperationOf<Paths, P, M>>
) => Promise<FetchResult<OperationOf<Paths, P, M>>>;

export interface Client<Paths> {
  GET: Call<Paths, 'get'>;
  PUT: Call<Paths, 'put'>;
  POST: Call<Paths, 'post'>;
  PATCH: Call<Paths, 'patch'>;
  DELETE: Call<Paths, 'delete'>;
}

export interface ClientOptions {
  /** The gateway's origin, e.g. `https://api.slotline.dev`. */
  baseUrl: string;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

interface LooseInit {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function buildUrl(baseUrl: string, path: string, init: LooseInit): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = init.params?.path?.[name];
    if (value === undefined || value === null)
      throw new TypeError(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(init.params?.query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  const search = query.toString();
  return `${baseUrl.replace(/\/+$/, '')}${filled}${search ? `?${search}` : ''}`;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('content-type') ?? '';
  return /[/+]json\b/.test(type) ? JSON.parse(text) : text;
}

export function createClient<Paths extends object>(options: ClientOptions): Client<Paths> {
  const doFetch = options.fetch ?? fetch;
  const request = async (method: HttpMethod, path: string, init: LooseInit = {}) => {
    const headers = new Headers(options.headers);
    for (const [key, value] of Object.entries(init.params?.header ?? {}))
      if (value !== undefined) headers.set(key, String(value));
    for (const [key, value] of Object.entries(init.headers ?? {})) headers.set(key, value);
    let body: string | undefined;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers.set('Content-Type', 'application/json');
    }
    const response = await doFetch(buildUrl(options.baseUrl, path, init), {
      method: method.toUpperCase(),
      headers,
      body,
      signal: init.signal,
    });
    const payload = await readBody(response);
    // 304 only answers an If-None-Match you sent: check response.status before reading data then.
    const succeeded = response.ok || response.status === 304;
    return succeeded ? { data: payload, response } : { error: payload, response };
  };
  const call = (method: HttpMethod) => (path: string, init?: LooseInit) => request(method, path, init);
  // The typed facade over one untyped implementation: the types above are the contract.
  return {
    GET: call('get'),
    PUT: call('put'),
    POST: call('post'),
    PATCH: call('patch'),
    DELETE: call('delete'),
  } as unknown as Client<Paths>;
}
