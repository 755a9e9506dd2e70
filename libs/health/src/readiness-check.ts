/** One dependency readiness depends on (PostgreSQL, NATS, Redis…). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
