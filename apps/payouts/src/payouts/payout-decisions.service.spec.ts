import { PAYOUT_EVENTS } from '@slotline/contracts';
import {
  aCallMeta,
  anActor,
  callAs,
  capturedLogger,
  InMemoryTransactions,
  RecordingOutbox,
  substitute,
} from '@slotline/testing';
import { InMemoryPayoutsRepository } from '../testing/in-memory-payouts.repository';
import { aPayoutRecord } from '../testing/payout-records.factory';
import { PayoutDecisionsService } from './payout-decisions.service';

describe(PayoutDecisionsService.name, () => {
  const admin = anActor('admin');
  let tx: InMemoryTransactions;
  let payouts: InMemoryPayoutsRepository;
  let outbox: RecordingOutbox;
  let logs: ReturnType<typeof capturedLogger>['logs'];
  let sut: PayoutDecisionsService;

  beforeEach(() => {
    tx = new InMemoryTransactions();
    payouts = new InMemoryPayoutsRepository(tx);
    outbox = new RecordingOutbox(tx, 'payouts');
    const captured = capturedLogger('payouts');
    logs = captured.logs;
    sut = new PayoutDecisionsService({
      payouts: substitute(payouts),
      tx: tx.runner,
      outbox: outbox.writer,
      logger: captured.logger,
    });
  });

  describe('approve', () => {
    it('approves a pending payout, queues it for capture and records who decided', async () => {
      const pending = payouts.rows.insert(aPayoutRecord());

      const view = await sut.approve(pending.id, aCallMeta(admin));

      expect(view).toMatchObject({ status: 'approved', decided_by: admin.user_id });
      expect(payouts.rows.get(pending.id)).toMatchObject({
        status: 'approved',
        decidedRole: 'admin',
        nextCaptureAt: expect.any(Date),
      });
      expect(outbox.events).toEqual([
        expect.objectContaining({
          type: PAYOUT_EVENTS.approved.type,
          actor: { user_id: admin.user_id, role: 'admin' },
          data: expect.objectContaining({ payout_id: pending.id }),
        }),
      ]);
      expect(logs.records()).toEqual([
        expect.objectContaining({ event: 'payout_decided', status: 'approved' }),
      ]);
    });

    it('answers a repeated approval with the payout as it is, without a second event', async () => {
      const captured = payouts.rows.insert(aPayoutRecord({ status: 'captured', captureMethod: 'stripe' }));

      const view = await sut.approve(captured.id, aCallMeta(admin));

      expect(view.status).toBe('captured');
      expect(outbox.events).toEqual([]);
      expect(logs.records()).toEqual([]);
    });

    it('refuses to approve a denied payout with a conflict, and changes nothing', async () => {
      const denied = payouts.rows.insert(aPayoutRecord({ status: 'denied' }));

      await expect(sut.approve(denied.id, aCallMeta(admin))).rejects.toMatchObject({
        code: 'CF_PAYOUT_DECIDED',
        status: 409,
      });
      expect(payouts.rows.get(denied.id)?.status).toBe('denied');
      expect(outbox.events).toEqual([]);
    });

    it.each(['customer', 'provider'] as const)('lets no %s decide', async (role) => {
      const pending = payouts.rows.insert(aPayoutRecord());

      await expect(sut.approve(pending.id, callAs(role))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
      expect(payouts.rows.get(pending.id)?.status).toBe('pending');
    });

    it('answers an unknown id with not-found', async () => {
      await expect(sut.approve(aPayoutRecord().id, aCallMeta(admin))).rejects.toMatchObject({
        code: 'NF_RESOURCE',
      });
    });
  });

  describe('deny', () => {
    it('denies a pending payout with the reason, not queued for capture', async () => {
      const pending = payouts.rows.insert(aPayoutRecord());

      const view = await sut.deny({ id: pending.id, reason: 'duplicate visit' }, aCallMeta(admin));

      expect(view).toMatchObject({ status: 'denied', reason: 'duplicate visit' });
      expect(payouts.rows.get(pending.id)?.nextCaptureAt).toBeNull();
      expect(outbox.types()).toEqual([PAYOUT_EVENTS.denied.type]);
    });

    it('refuses to deny an approved payout: the approval won the race', async () => {
      const approved = payouts.rows.insert(aPayoutRecord({ status: 'approved' }));

      await expect(sut.deny({ id: approved.id, reason: 'late' }, aCallMeta(admin))).rejects.toMatchObject({
        code: 'CF_PAYOUT_DECIDED',
      });
      expect(payouts.rows.get(approved.id)?.status).toBe('approved');
    });
  });

  describe('settle', () => {
    it('settles an approved manual payout with its reference, once', async () => {
      const manual = payouts.rows.insert(aPayoutRecord({ status: 'approved', captureMethod: 'manual' }));

      const first = await sut.settle({ id: manual.id, reference: 'BANK-1' }, aCallMeta(admin));
      const again = await sut.settle({ id: manual.id, reference: 'BANK-1' }, aCallMeta(admin));

      expect(first).toMatchObject({
        status: 'captured',
        reference: 'BANK-1',
        captured_at: expect.any(String),
      });
      expect(again).toEqual(first);
      expect(outbox.types()).toEqual([PAYOUT_EVENTS.captured.type]);
    });

    it('refuses a second settlement under another reference', async () => {
      const settled = payouts.rows.insert(
        aPayoutRecord({ status: 'captured', captureMethod: 'manual', reference: 'BANK-1' }),
      );

      await expect(
        sut.settle({ id: settled.id, reference: 'BANK-2' }, aCallMeta(admin)),
      ).rejects.toMatchObject({ code: 'CF_PAYOUT_DECIDED' });
      expect(payouts.rows.get(settled.id)?.reference).toBe('BANK-1');
    });

    it('refuses to settle by hand a payout that the payment provider is capturing', async () => {
      const stripe = payouts.rows.insert(aPayoutRecord({ status: 'approved', captureMethod: 'stripe' }));

      await expect(
        sut.settle({ id: stripe.id, reference: 'BANK-1' }, aCallMeta(admin)),
      ).rejects.toMatchObject({ code: 'BR_INVALID_STATE_TRANSITION' });
      expect(payouts.rows.get(stripe.id)?.status).toBe('approved');
    });
  });
});
