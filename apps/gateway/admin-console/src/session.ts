import { createSlotlineClient, type Schemas } from '../../../../clients/typescript';

export type Problem = Schemas['Problem'];
type TokenPair = Schemas['TokenPair'];

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message ?? problem.title ?? 'Request failed');
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'code' in error) return error as Problem;
  return {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    code: 'SYS_INTERNAL',
    message: `The server answered ${response.status}.`,
    trace_id: response.headers.get('traceparent')?.split('-')[1] ?? '',
    request_id: response.headers.get('x-request-id') ?? '',
  } as Problem;
}

// Refresh a minute before the access token expires (tokens live 10 minutes).
const REFRESH_MARGIN_S = 60;

/**
 * Tokens live in this object only — never in localStorage, sessionStorage or a cookie — so a reload
 * signs the admin out (ADR 0009). The access token is refreshed shortly before it expires.
 */
export class Session {
  readonly api = createSlotlineClient({ baseUrl: location.origin });
  private access: string | null = null;
  private refresh: string | null = null;
  private timer: number | undefined;
  onExpired: () => void = () => undefined;

  get signedIn(): boolean {
    return this.access !== null;
  }

  auth(): Record<string, string> {
    return this.access ? { Authorization: `Bearer ${this.access}` } : {};
  }

  /** Password step. Returns whether a TOTP step-up must follow. */
  async login(email: string, password: string): Promise<{ totpRequired: boolean }> {
    const pair = await this.unwrap(this.api.POST('/v1/auth/login', { body: { email, password } }));
    this.keep(pair);
    return { totpRequired: pair.mfa_required === true || pair.aal !== 'aal2' };
  }

  async stepUp(code: string): Promise<void> {
    this.keep(await this.call((headers) => this.api.POST('/v1/auth/2fa', { body: { code }, headers })));
  }

  async logout(): Promise<void> {
    try {
      if (this.access) await this.call((headers) => this.api.POST('/v1/auth/logout', { headers }));
    } finally {
      this.forget();
    }
  }

  /** Runs an authenticated call; a 2xx gives its data, anything else throws a ProblemError. */
  async call<T>(send: (headers: Record<string, string>) => Promise<Answer<T>>): Promise<T> {
    return this.unwrap(send(this.auth()));
  }

  forget(): void {
    window.clearTimeout(this.timer);
    this.access = null;
    this.refresh = null;
  }

  private async unwrap<T>(pending: Promise<Answer<T>>): Promise<T> {
    const { data, error, response } = await pending;
    if (!response.ok) {
      const problem = asProblem(error, response);
      if (problem.code === 'AUTH_TOKEN_EXPIRED' || problem.code === 'AUTH_SESSION_REVOKED') {
        this.forget();
        this.onExpired();
      }
      throw new ProblemError(problem);
    }
    return data as T;
  }

  private keep(pair: TokenPair): void {
    this.access = pair.access_token;
    this.refresh = pair.refresh_token;
    window.clearTimeout(this.timer);
    const inSeconds = Math.max(5, (pair.expires_in ?? 600) - REFRESH_MARGIN_S);
    this.timer = window.setTimeout(() => void this.rotate(), inSeconds * 1000);
  }

  private async rotate(): Promise<void> {
    if (!this.refresh) return;
    try {
      this.keep(
        await this.unwrap(this.api.POST('/v1/auth/refresh', { body: { refresh_token: this.refresh } })),
      );
    } catch {
      this.forget();
      this.onExpired();
    }
  }
}
