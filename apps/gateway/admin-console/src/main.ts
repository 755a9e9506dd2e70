import { renderAudit } from './audit';
import { byId } from './dom';
import { renderFulfilment } from './fulfilment';
import { guard } from './guard';
import { hideNotice, showInfo } from './notice';
import { renderPayouts } from './payouts';
import { Session } from './session';
import { renderSignIn } from './sign-in';

const VIEWS = { payouts: renderPayouts, fulfilment: renderFulfilment, audit: renderAudit } as const;
type ViewName = keyof typeof VIEWS;

const session = new Session();
const main = byId('main');
const nav = byId('nav');

function show(view: ViewName): void {
  hideNotice();
  for (const button of nav.querySelectorAll<HTMLButtonElement>('button[data-view]')) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  VIEWS[view](main, session);
  main.focus();
}

function signedOut(message?: string): void {
  nav.hidden = true;
  renderSignIn(main, session, () => {
    nav.hidden = false;
    show('payouts');
  });
  if (message) showInfo(message);
}

nav.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest('button');
  if (!target) return;
  if (target.id === 'sign-out') {
    void guard(async () => {
      await session.logout();
      signedOut('Signed out.');
    });
    return;
  }
  const view = target.dataset.view as ViewName | undefined;
  if (view && view in VIEWS) show(view);
});

session.onExpired = () => signedOut('Your session ended. Sign in again.');
signedOut();
