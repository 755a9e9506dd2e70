import { byId, clear, h } from './dom';
import type { Problem } from './session';

/** The one place errors and confirmations are announced (role=alert), always with the trace id. */
export function showProblem(problem: Problem): void {
  const box = byId('notice');
  clear(box);
  box.className = 'notice notice-error';
  box.append(
    h('strong', {}, problem.title ?? 'Error'),
    ' ',
    h('span', { 'data-testid': 'problem-message' }, problem.message ?? ''),
    problem.trace_id ? h('small', { class: 'trace' }, `trace_id ${problem.trace_id}`) : '',
  );
  box.hidden = false;
}

export function showInfo(text: string): void {
  const box = byId('notice');
  clear(box);
  box.className = 'notice notice-info';
  box.append(text);
  box.hidden = false;
}

export function hideNotice(): void {
  byId('notice').hidden = true;
}
