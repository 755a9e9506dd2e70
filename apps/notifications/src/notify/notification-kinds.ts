import type { NotificationCategoryName } from '@slotline/contracts';

/** Every kind of notification (one template each), its category for opt-outs, and whether it is critical. */
export const NOTIFICATION_KINDS = {
  schedule_proposed: { category: 'scheduling', critical: false },
  schedule_confirmed: { category: 'scheduling', critical: false },
  schedule_rescheduled: { category: 'scheduling', critical: false },
  // Critical: a cancelled visit must be known even by someone who opted out or sleeps.
  schedule_cancelled: { category: 'scheduling', critical: true },
  assignment_rejected: { category: 'scheduling', critical: false },
  assignment_rejected_ops: { category: 'scheduling', critical: false },
  visit_completed: { category: 'scheduling', critical: false },
  reminder_upcoming: { category: 'reminders', critical: false },
  reminder_overdue: { category: 'reminders', critical: false },
  payout_approved: { category: 'payouts', critical: false },
  payout_denied: { category: 'payouts', critical: false },
  security_new_device: { category: 'security', critical: true },
  security_token_reuse: { category: 'security', critical: true },
} as const satisfies Record<string, { category: NotificationCategoryName; critical: boolean }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
