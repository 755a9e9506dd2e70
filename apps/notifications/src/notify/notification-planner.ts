import { AppError } from '@slotline/errors';
import { uuidv7 } from '@slotline/persistence';
import { DEFAULT_PREFERENCES, Preferences } from '../preferences/preferences.repository';
import { quietHoursEnd } from '../preferences/quiet-hours';
import {
  Db,
  OPS_RECIPIENT_ID,
  Recipient,
  RecipientsRepository,
  RecipientWithPreferences,
} from '../recipients/recipients.repository';
import { TemplateRenderer } from '../templates/template-renderer';
import { NOTIFICATION_KINDS, NotificationKind } from './notification-kinds';
import { NewNotification, NotificationContent, NotificationRecord } from './notification.record';
import { NotificationsRepository } from './notifications.repository';

/** The event a notification answers. */
export interface SourceEvent {
  id: string;
  type: string;
  occurredAt: Date;
}

/** One notification to plan: who gets it, and how its template variables and invite depend on them. */
export interface NotificationPlan {
  event: SourceEvent;
  kind: NotificationKind;
  /** User ids, or `ops`. */
  recipients: string[];
  vars: (recipient: Recipient) => object;
  invite?: (recipient: Recipient) => { ics: string; method: 'REQUEST' | 'CANCEL' } | null;
  /** The recipients, when the caller read them already in this transaction (saves reading them again). */
  found?: Map<string, RecipientWithPreferences>;
  /** The assignment whose visit it is about, if any (see `NewNotification.visitId`). */
  visitId?: string;
}

export interface PlannerSettings {
  emailEnabled: boolean;
  smsEnabled: boolean;
  maxAttempts: number;
  opsEmail: string;
}

export interface NotificationPlannerDeps {
  recipients: RecipientsRepository;
  notifications: NotificationsRepository;
  renderer: TemplateRenderer;
  settings: PlannerSettings;
  now: () => Date;
}

/**
 * Turns a plan into notification rows inside the consumer's transaction: one per (event, recipient,
 * channel, kind), rendered in the recipient's locale and zone, honouring opt-outs (not for critical
 * kinds) and quiet hours (non-urgent ones wait until they end). The dispatcher sends them after commit.
 */
export class NotificationPlanner {
  constructor(private readonly d: NotificationPlannerDeps) {}

  async plan(db: Db, p: NotificationPlan): Promise<void> {
    const known = await this.recipientsOf(db, p.recipients, p.found);
    const missing = p.recipients.filter((id) => !known.has(id));
    // The directory fills from auth-audit's events; the inbox retries this event until it has them.
    if (missing.length)
      throw new AppError('SYS_NOT_READY', `Recipients not in the directory yet: ${missing.join(', ')}`);
    const rows: NewNotification[] = [];
    for (const id of new Set(p.recipients)) {
      const recipient = known.get(id)!;
      rows.push(...this.planFor(p, recipient, recipient.preferences));
    }
    // Every recipient's rows in one statement, in the order they were planned.
    await this.d.notifications.insertMany(db, rows);
  }

  /**
   * The visit of `visitId` was cancelled: what it still has waiting to go out (a confirmation or
   * reminder deferred by quiet hours, a message waiting for a retry) would now contradict that, so it is
   * skipped with the reason. Critical messages still go out.
   */
  withdrawVisit(db: Db, visitId: string): Promise<number> {
    return this.d.notifications.withdrawQueuedForVisit(
      db,
      visitId,
      'the visit was cancelled before it was sent',
      this.d.now(),
    );
  }

  /**
   * After the email of `failed` failed for good: the same message by SMS, if the recipient can get one.
   * Ops is a mailbox, not a user in the directory: it has no phone, so its failures end here.
   */
  async planFallback(db: Db, failed: NotificationRecord): Promise<boolean> {
    if (failed.channel !== 'email' || !this.d.settings.smsEnabled) return false;
    const recipient = (await this.recipientsOf(db, [failed.recipientId])).get(failed.recipientId);
    if (!recipient?.phone) return false;
    if (!failed.critical && recipient.preferences.channels.sms === false) return false;
    const now = this.d.now();
    return this.d.notifications.insertOnce(db, {
      id: uuidv7(),
      eventId: failed.eventId,
      eventType: failed.eventType,
      eventOccurredAt: failed.eventOccurredAt,
      kind: failed.kind,
      category: failed.category,
      critical: failed.critical,
      recipientId: recipient.id,
      channel: 'sms',
      address: recipient.phone,
      status: 'queued',
      maxAttempts: this.d.settings.maxAttempts,
      nextAttemptAt: now,
      content: failed.content,
      fallbackOf: failed.id,
    });
  }

  /** The rows one recipient gets: skipped ones (opt-outs, no channel) and at most one queued. */
  private planFor(p: NotificationPlan, r: Recipient, prefs: Preferences): NewNotification[] {
    const { category, critical } = NOTIFICATION_KINDS[p.kind];
    const { settings } = this.d;
    const now = this.d.now();
    const rendered = this.d.renderer.render(p.kind, r.locale, p.vars(r));
    const invite = p.invite?.(r) ?? null;
    const content: NotificationContent = {
      locale: this.d.renderer.resolveLocale(p.kind, r.locale),
      ...rendered,
      ics: invite?.ics ?? null,
      ics_method: invite?.method ?? null,
    };
    const base = {
      eventId: p.event.id,
      eventType: p.event.type,
      eventOccurredAt: p.event.occurredAt,
      kind: p.kind,
      category,
      critical,
      recipientId: r.id,
      maxAttempts: settings.maxAttempts,
      content,
      visitId: p.visitId ?? null,
    };
    const rows: NewNotification[] = [];
    const skip = (channel: 'email' | 'sms', address: string, reason: string) =>
      rows.push({
        ...base,
        id: uuidv7(),
        channel,
        address,
        status: 'skipped',
        skipReason: reason,
        nextAttemptAt: now,
      });

    if (!critical && prefs.categories[category] === false) {
      skip('email', r.email, `category ${category} opted out`);
      return rows;
    }
    const emailOptedOut = !critical && prefs.channels.email === false;
    const smsAllowed = settings.smsEnabled && r.phone !== null && (critical || prefs.channels.sms !== false);
    let channel: 'email' | 'sms' | null = null;
    if (settings.emailEnabled && !emailOptedOut) channel = 'email';
    else {
      if (emailOptedOut) skip('email', r.email, 'email opted out');
      if (smsAllowed) channel = 'sms';
    }
    if (!channel) {
      if (!emailOptedOut) skip('email', r.email, 'no channel enabled');
      return rows;
    }
    const deferredUntil =
      !critical && prefs.quietHours ? quietHoursEnd(now, r.timeZone, prefs.quietHours) : null;
    rows.push({
      ...base,
      id: uuidv7(),
      channel,
      address: channel === 'email' ? r.email : r.phone!,
      status: 'queued',
      nextAttemptAt: deferredUntil ?? now,
      deferredUntil,
    });
    return rows;
  }

  /**
   * The recipients of `ids` that exist: users from the directory (or from `found`, when it holds them
   * all), and ops from the settings, a mailbox that is not in the directory.
   */
  private async recipientsOf(
    db: Db,
    ids: readonly string[],
    found?: ReadonlyMap<string, RecipientWithPreferences>,
  ): Promise<ReadonlyMap<string, RecipientWithPreferences>> {
    const userIds = ids.filter((id) => id !== OPS_RECIPIENT_ID);
    const users =
      userIds.length === 0
        ? new Map<string, RecipientWithPreferences>()
        : found && userIds.every((id) => found.has(id))
          ? found
          : await this.d.recipients.findWithPreferences(userIds, db);
    if (userIds.length === ids.length) return users;
    return new Map(users).set(OPS_RECIPIENT_ID, this.ops());
  }

  private ops(): RecipientWithPreferences {
    return {
      id: OPS_RECIPIENT_ID,
      email: this.d.settings.opsEmail,
      phone: null,
      timeZone: 'UTC',
      locale: 'en',
      role: 'ops',
      preferences: DEFAULT_PREFERENCES,
    };
  }
}
