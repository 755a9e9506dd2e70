import {
  Actor,
  CallMeta,
  CreateWebhookEndpointBody,
  ListWebhookAttemptsCommand,
  Page,
  ReplayWebhookEventsCommand,
  RotateWebhookSecretCommand,
  UpdateWebhookEndpointCommand,
  WEBHOOK_TEST_EVENT_TYPE,
  WebhookAttemptView,
  WebhookDeliveryParams,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecretView,
  WebhookMessageBody,
  WebhookReplayView,
  WebhookScope,
  WebhookTestData,
  decodeCursor,
  paginate,
  roleHasPermission,
} from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { Queryable, TransactionRunner, uuidv7 } from '@slotline/persistence';
import type { DataSource } from 'typeorm';
import { toAttemptView, toDeliveryView, toEndpointView } from './webhook-endpoint.mapper';
import { WebhookSecrets } from './webhook-secrets';
import { generateWebhookSecret } from './webhook-signature';
import { SsrfGuard } from './ssrf-guard';
import { EndpointRow } from './webhook.rows';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

export interface WebhookEndpointsServiceDeps {
  endpointRows: WebhookEndpointsRepository;
  deliveries: WebhookDeliveriesRepository;
  tx: TransactionRunner;
  dataSource: DataSource;
  guard: SsrfGuard;
  secrets: WebhookSecrets;
  /** How far back a replay may reach: the retention of stored events. */
  retentionDays: number;
  now?: () => Date;
}

const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The endpoints API (GW-8): admins manage platform-wide endpoints, providers their own. Someone else's
 * endpoint answers NF_RESOURCE, exactly like one that does not exist, so ids cannot be probed.
 */
export class WebhookEndpointsService {
  private readonly now: () => Date;

  constructor(private readonly d: WebhookEndpointsServiceDeps) {
    this.now = d.now ?? (() => new Date());
  }

  async create(body: CreateWebhookEndpointBody, meta: CallMeta): Promise<WebhookEndpointWithSecretView> {
    const actor = requireActor(meta);
    await this.d.guard.check(body.url);
    const id = uuidv7();
    const secret = generateWebhookSecret();
    const row = await this.d.tx.run((m) =>
      this.d.endpointRows.insertEndpoint(m, {
        id,
        owner_user_id: actor.user_id,
        scope: scopeOf(actor),
        url: body.url,
        description: body.description ?? null,
        event_types: body.event_types,
        enabled: body.enabled ?? true,
        secret_sealed: this.d.secrets.seal(id, secret),
      }),
    );
    return { ...toEndpointView(row), secret };
  }

  async list(meta: CallMeta): Promise<WebhookEndpointView[]> {
    const actor = requireActor(meta);
    const scope = scopeOf(actor);
    const rows = await this.d.endpointRows.listEndpoints(
      this.d.dataSource.manager,
      scope,
      scope === 'provider' ? actor.user_id : null,
    );
    return rows.map(toEndpointView);
  }

  async get(id: string, meta: CallMeta): Promise<WebhookEndpointView> {
    return toEndpointView(await this.owned(this.d.dataSource.manager, id, meta));
  }

  async update(cmd: UpdateWebhookEndpointCommand, meta: CallMeta): Promise<WebhookEndpointView> {
    if (cmd.url !== undefined) await this.d.guard.check(cmd.url);
    return this.d.tx.run(async (m) => {
      await this.owned(m, cmd.id, meta, true);
      const { id, ...patch } = cmd;
      return toEndpointView(await this.d.endpointRows.updateEndpoint(m, id, patch));
    });
  }

  async remove(id: string, meta: CallMeta): Promise<null> {
    await this.d.tx.run(async (m) => {
      await this.owned(m, id, meta, true);
      await this.d.endpointRows.deleteEndpoint(m, id);
    });
    return null;
  }

  /** A new secret signs from now on; the old one signs beside it until the overlap ends (0: at once). */
  async rotateSecret(
    cmd: RotateWebhookSecretCommand,
    meta: CallMeta,
  ): Promise<WebhookEndpointWithSecretView> {
    const overlap = cmd.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
    const secret = generateWebhookSecret();
    const row = await this.d.tx.run(async (m) => {
      const current = await this.owned(m, cmd.id, meta, true);
      const keepOld = overlap > 0;
      return this.d.endpointRows.rotateSecret(
        m,
        current.id,
        this.d.secrets.seal(current.id, secret),
        keepOld ? current.secret_sealed : null,
        keepOld ? new Date(this.now().getTime() + overlap * 1000) : null,
      );
    });
    return { ...toEndpointView(row), secret };
  }

  async listAttempts(cmd: ListWebhookAttemptsCommand, meta: CallMeta): Promise<Page<WebhookAttemptView>> {
    const m = this.d.dataSource.manager;
    await this.owned(m, cmd.id, meta);
    const after = cmd.cursor ? attemptCursor(cmd.cursor) : null;
    const rows = await this.d.deliveries.listAttempts(m, cmd.id, after, cmd.limit + 1);
    return paginate(rows.map(toAttemptView), cmd.limit, (a) => ({ id: a.id }));
  }

  /** Sends one delivery again, with the same `webhook-id`, as a fresh run of the retry schedule. */
  async redeliver(params: WebhookDeliveryParams, meta: CallMeta): Promise<WebhookDeliveryView> {
    return this.d.tx.run(async (m) => {
      await this.owned(m, params.id, meta);
      const delivery = await this.d.deliveries.findDelivery(m, params.id, params.delivery_id);
      if (!delivery) throw new AppError('NF_RESOURCE', 'No such delivery for this endpoint.');
      return toDeliveryView(await this.d.deliveries.requeue(m, params.id, delivery.message_id));
    });
  }

  /** Queues every stored event of [since, until) the endpoint subscribes to (and may see). */
  async replay(cmd: ReplayWebhookEventsCommand, meta: CallMeta): Promise<WebhookReplayView> {
    const since = new Date(cmd.since);
    const until = new Date(cmd.until);
    if (!(since < until)) throw new AppError('BR_RULE_VIOLATED', '`since` must be before `until`.');
    const oldest = new Date(this.now().getTime() - this.d.retentionDays * DAY_MS);
    if (until <= oldest)
      throw new AppError(
        'BR_RULE_VIOLATED',
        `Events are kept ${this.d.retentionDays} days; nothing to replay.`,
      );
    return this.d.tx.run(async (m) => {
      const endpoint = await this.owned(m, cmd.id, meta);
      return { queued: await this.d.deliveries.requeueRange(m, endpoint, since, until) };
    });
  }

  /** A `webhook.test` event to this endpoint only, whatever it subscribes to. */
  async sendTest(id: string, meta: CallMeta): Promise<WebhookDeliveryView> {
    return this.d.tx.run(async (m) => {
      const endpoint = await this.owned(m, id, meta);
      const occurredAt = this.now();
      const body: WebhookMessageBody<WebhookTestData> = {
        type: WEBHOOK_TEST_EVENT_TYPE,
        timestamp: occurredAt.toISOString(),
        data: { schema_version: 1, endpoint_id: endpoint.id, message: 'A test event from Slotline.' },
      };
      const messageId = uuidv7();
      await this.d.deliveries.insertMessage(m, {
        id: messageId,
        event_type: WEBHOOK_TEST_EVENT_TYPE,
        provider_user_id: null,
        occurred_at: occurredAt,
        body,
      });
      return toDeliveryView(await this.d.deliveries.requeue(m, endpoint.id, messageId));
    });
  }

  private async owned(m: Queryable, id: string, meta: CallMeta, forUpdate = false): Promise<EndpointRow> {
    const actor = requireActor(meta);
    const row = await this.d.endpointRows.findEndpoint(m, id, forUpdate);
    if (!row || !mayManage(actor, row)) throw new AppError('NF_RESOURCE', 'No such webhook endpoint.');
    return row;
  }
}

function requireActor(meta: CallMeta): Actor {
  if (!meta.actor) throw new AppError('AUTH_UNAUTHENTICATED', 'Sign in to manage webhooks.');
  if (!roleHasPermission(meta.actor.role, 'webhooks:manage'))
    throw new AppError('AUTH_FORBIDDEN', 'Your role does not allow this action.');
  return meta.actor;
}

/** Admins register platform-wide endpoints; providers, endpoints for their own events. */
function scopeOf(actor: Actor): WebhookScope {
  return actor.role === 'provider' ? 'provider' : 'platform';
}

function mayManage(actor: Actor, row: EndpointRow): boolean {
  return row.scope === scopeOf(actor) && (row.scope === 'platform' || row.owner_user_id === actor.user_id);
}

function attemptCursor(cursor: string): string {
  const p = decodeCursor(cursor, ['id']);
  const id = p?.id;
  if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
    throw new AppError('VAL_CURSOR', 'The cursor is invalid.');
  return id;
}
