import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { EnvBoolean } from './load-config';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Settings every app shares. Each app's schema extends it. */
export class BaseConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsString()
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /** Prepended to every NATS subject and the stream's subjects; lets test runs share one NATS server. */
  @IsString()
  @IsOptional()
  NATS_SUBJECT_PREFIX: string = '';

  @IsString()
  NATS_STREAM: string = 'EVENTS';

  /** Copies of the events stream JetStream keeps: 1 on a single server, 3 on a three-node cluster. */
  @IsInt()
  @Min(1)
  @Max(5)
  NATS_STREAM_REPLICAS: number = 1;

  @IsInt()
  @Min(100)
  @Max(60000)
  NATS_REQUEST_TIMEOUT_MS: number = 5000;

  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT: number = 3000;

  @IsString()
  HTTP_HOST: string = '127.0.0.1';

  /** How long readiness reports "draining" before connections close on SIGTERM. */
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_GRACE_MS: number = 1000;

  /**
   * Stop gracefully when the process that started this one dies (a supervisor such as `npm start`, a
   * test or a benchmark); off under Kubernetes, where the kubelet owns the process.
   */
  @EnvBoolean()
  @IsBoolean()
  EXIT_WITH_PARENT: boolean = false;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  @IsOptional()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** A developer's machine (`npm start`'s default): friendlier limits, persisted development keys. */
  get isDevelopment(): boolean {
    return this.NODE_ENV === 'development';
  }

  productionProblems(): string[] {
    return [];
  }
}
