import { clear, formatInstant, formatMoney, h } from './dom';
import { guard } from './guard';
import { showInfo, showProblem } from './notice';
import { ProblemError, type Session } from './session';

/** The pending payouts queue (PAY-2), oldest first: approve, or deny with a reason. */
export function renderPayouts(main: HTMLElement, session: Session): void {
  clear(main);
  const body = h('tbody', {});
  const table = h(
    'table',
    {},
    h('caption', {}, 'Pending payouts, oldest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Created', 'Provider', 'Amount', 'Assignment', 'Decision'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    body,
  );
  const more = h('button', { type: 'button', hidden: true }, 'Next page');
  main.append(h('h1', {}, 'Pending payouts'), h('div', { class: 'scroll' }, table), more);

  let cursor: string | undefined;
  const load = (next: boolean) =>
    guard(async () => {
      const page = await session.call((headers) =>
        session.api.GET('/v1/admin/payouts', {
          headers,
          params: { query: { status: 'pending', limit: 20, cursor: next ? cursor : undefined } },
        }),
      );
      clear(body);
      for (const payout of page.items) body.append(row(payout));
      if (!page.items.length) body.append(h('tr', {}, h('td', { colspan: '5' }, 'No payouts are waiting.')));
      cursor = page.next_cursor ?? undefined;
      more.hidden = !page.has_more;
    });

  type Payout = Parameters<typeof row>[0];
  function row(payout: {
    id: string;
    provider_user_id: string;
    amount_minor: number;
    currency: string;
    assignment_id: string;
    created_at: string;
  }): HTMLTableRowElement {
    const approve = h('button', { type: 'button', 'data-action': 'approve' }, 'Approve');
    const deny = h('button', { type: 'button', class: 'secondary', 'data-action': 'deny' }, 'Deny…');
    const tr = h(
      'tr',
      { 'data-payout': payout.id },
      h('td', {}, formatInstant(payout.created_at)),
      h('td', { class: 'mono' }, payout.provider_user_id),
      h('td', {}, formatMoney(payout.amount_minor, payout.currency)),
      h('td', { class: 'mono' }, payout.assignment_id),
      h('td', { class: 'actions' }, approve, deny),
    );
    approve.addEventListener('click', () => void decide(tr, payout, 'approve'));
    deny.addEventListener('click', () => askReason(tr, payout));
    return tr;
  }

  function askReason(tr: HTMLTableRowElement, payout: Payout): void {
    const cell = tr.querySelector('td.actions');
    if (!cell) return;
    clear(cell);
    const reason = h('input', { id: `reason-${payout.id}`, required: true, maxlength: '1000' });
    const form = h(
      'form',
      { class: 'inline' },
      h('label', { for: reason.id }, 'Reason for denial'),
      reason,
      h('button', { type: 'submit' }, 'Deny payout'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void decide(tr, payout, 'deny', reason.value.trim());
    });
    cell.append(form);
    reason.focus();
  }

  async function decide(
    tr: HTMLTableRowElement,
    payout: Payout,
    action: 'approve' | 'deny',
    reason?: string,
  ) {
    try {
      const params = { path: { id: payout.id } };
      if (action === 'approve')
        await session.call((headers) =>
          session.api.POST('/v1/admin/payouts/{id}/approve', { headers, params }),
        );
      else
        await session.call((headers) =>
          session.api.POST('/v1/admin/payouts/{id}/deny', {
            headers,
            params,
            body: { reason: reason ?? '' },
          }),
        );
      tr.remove();
      showInfo(`Payout ${payout.id} ${action === 'approve' ? 'approved' : 'denied'}.`);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      // Another admin decided it meanwhile: say so plainly and take it off the queue.
      if (err.problem.status === 409) {
        tr.remove();
        showInfo(`Payout ${payout.id} was already decided by someone else: ${err.problem.message}`);
      } else showProblem(err.problem);
    }
  }

  more.addEventListener('click', () => void load(true));
  void load(false);
}
