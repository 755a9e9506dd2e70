/** One dependency readiness depends on (PostgreSQL, NATS, Redis…). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /** Releases whatever the check holds (a client connection), at shutdown. */
  close?(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
