import { approve, deny, PayoutState, settle } from './payout-decisions';

const payout = (overrides: Partial<PayoutState> = {}): PayoutState => ({
  status: 'pending',
  captureMethod: null,
  reference: null,
  ...overrides,
});

describe('payout decisions', () => {
  describe(approve.name, () => {
    it('approves a pending payout', () => {
      expect(approve(payout())).toEqual({ kind: 'apply', to: 'approved' });
    });

    it.each(['approved', 'captured', 'failed'] as const)(
      'answers an approval of a %s payout unchanged',
      (status) => {
        expect(approve(payout({ status }))).toEqual({ kind: 'unchanged' });
      },
    );

    it('refuses to approve a denied payout with CF_PAYOUT_DECIDED', () => {
      expect(() => approve(payout({ status: 'denied' }))).toThrow(
        expect.objectContaining({ code: 'CF_PAYOUT_DECIDED', details: { status: 'denied' } }),
      );
    });
  });

  describe(deny.name, () => {
    it('denies a pending payout, and a second denial changes nothing', () => {
      expect(deny(payout())).toEqual({ kind: 'apply', to: 'denied' });
      expect(deny(payout({ status: 'denied' }))).toEqual({ kind: 'unchanged' });
    });

    it.each(['approved', 'captured', 'failed'] as const)('refuses to deny a %s payout', (status) => {
      expect(() => deny(payout({ status }))).toThrow(expect.objectContaining({ code: 'CF_PAYOUT_DECIDED' }));
    });
  });

  describe(settle.name, () => {
    const waiting = payout({ status: 'approved', captureMethod: 'manual' });

    it('settles an approved payout waiting for a manual settlement', () => {
      expect(settle(waiting, 'BANK-1')).toEqual({ kind: 'apply', to: 'captured' });
    });

    it('answers the same settlement again unchanged, and refuses a different reference', () => {
      const settled = payout({ status: 'captured', captureMethod: 'manual', reference: 'BANK-1' });
      expect(settle(settled, 'BANK-1')).toEqual({ kind: 'unchanged' });
      expect(() => settle(settled, 'BANK-2')).toThrow(expect.objectContaining({ code: 'CF_PAYOUT_DECIDED' }));
    });

    it('refuses a payout Stripe captures, or one not yet approved', () => {
      const stripe = payout({ status: 'approved', captureMethod: 'stripe' });
      expect(() => settle(stripe, 'X')).toThrow(
        expect.objectContaining({ code: 'BR_INVALID_STATE_TRANSITION' }),
      );
      expect(() => settle(payout(), 'X')).toThrow(
        expect.objectContaining({ code: 'BR_INVALID_STATE_TRANSITION' }),
      );
      expect(() => settle(payout({ status: 'denied' }), 'X')).toThrow(
        expect.objectContaining({ code: 'CF_PAYOUT_DECIDED' }),
      );
    });
  });
});
