import { clear, field, formatInstant, h } from './dom';
import { guard } from './guard';
import { ProblemError, type Session } from './session';

const OUTCOMES = ['', 'success', 'failure', 'denied'];

function toIso(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}

/** The audit log (AUTH-7) with its filters, cursor paging and the hash chain's verify status. */
export function renderAudit(main: HTMLElement, session: Session): void {
  clear(main);
  const inputs = {
    actor_id: h('input', { id: 'f-actor', placeholder: 'user id' }),
    action: h('input', { id: 'f-action', placeholder: 'e.g. payout.approved' }),
    resource_type: h('input', { id: 'f-resource-type', placeholder: 'e.g. payout' }),
    resource_id: h('input', { id: 'f-resource-id' }),
    from: h('input', { id: 'f-from', type: 'datetime-local' }),
    to: h('input', { id: 'f-to', type: 'datetime-local' }),
  };
  const outcome = h('select', { id: 'f-outcome' });
  for (const value of OUTCOMES) outcome.append(h('option', { value }, value || 'any'));
  const filters = h(
    'form',
    { class: 'filters', 'aria-label': 'Audit log filters' },
    field('Actor', inputs.actor_id),
    field('Action', inputs.action),
    field('Resource type', inputs.resource_type),
    field('Resource id', inputs.resource_id),
    field('Outcome', outcome),
    field('From', inputs.from),
    field('To', inputs.to),
    h('button', { type: 'submit' }, 'Apply filters'),
  );
  const verifyStatus = h('p', { id: 'verify-status', 'aria-live': 'polite' }, 'Checking the hash chain…');
  const body = h('tbody', {});
  const table = h(
    'table',
    {},
    h('caption', {}, 'Audit log, newest first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['When', 'Actor', 'Action', 'Resource', 'Outcome', 'Trace'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    body,
  );
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  main.append(h('h1', {}, 'Audit log'), verifyStatus, filters, h('div', { class: 'scroll' }, table), more);

  let cursor: string | undefined;
  const load = (append: boolean) =>
    guard(async () => {
      const page = await session.call((headers) =>
        session.api.GET('/v1/admin/audit-logs', {
          headers,
          params: {
            query: {
              actor_id: inputs.actor_id.value || undefined,
              action: inputs.action.value || undefined,
              resource_type: inputs.resource_type.value || undefined,
              resource_id: inputs.resource_id.value || undefined,
              outcome: (outcome.value || undefined) as never,
              from: toIso(inputs.from.value),
              to: toIso(inputs.to.value),
              limit: 25,
              cursor: append ? cursor : undefined,
            },
          },
        }),
      );
      if (!append) clear(body);
      for (const row of page.items) {
        body.append(
          h(
            'tr',
            {},
            h('td', {}, formatInstant(row.occurred_at)),
            h('td', {}, row.actor_id ? `${row.actor_role ?? ''} ${row.actor_id}` : 'system'),
            h('td', {}, row.action),
            h('td', {}, `${row.resource_type} ${row.resource_id ?? ''}`),
            h('td', {}, row.outcome),
            h('td', { class: 'mono' }, row.trace_id ?? ''),
          ),
        );
      }
      if (!page.items.length && !append)
        body.append(h('tr', {}, h('td', { colspan: '6' }, 'No rows match.')));
      cursor = page.next_cursor ?? undefined;
      more.hidden = !page.has_more;
    });

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  void load(false);
  void guard(async () => {
    const result = await session
      .call((headers) => session.api.POST('/v1/admin/audit-logs/verify', { headers }))
      .catch((err: unknown) => {
        // Verifying walks the whole chain: only a super_admin may; say so instead of raising an error.
        if (err instanceof ProblemError && err.problem.status === 403) return null;
        throw err;
      });
    if (!result) {
      verifyStatus.textContent = 'Verifying the hash chain needs the super_admin role.';
      verifyStatus.className = 'muted';
      return;
    }
    verifyStatus.textContent = result.ok
      ? `Hash chain verified: ${result.checked} rows, no broken link.`
      : `Hash chain BROKEN at row ${result.first_broken?.seq ?? '?'} (${result.first_broken?.id ?? ''}).`;
    verifyStatus.className = result.ok ? 'ok' : 'bad';
  });
}
