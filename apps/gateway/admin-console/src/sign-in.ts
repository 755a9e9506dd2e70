import { clear, field, h } from './dom';
import { guard } from './guard';
import { Session } from './session';

/** Email and password, then a TOTP code when the account has two-factor on (aal2 for admin routes). */
export function renderSignIn(main: HTMLElement, session: Session, onSignedIn: () => void): void {
  clear(main);
  const email = h('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = h(
    'form',
    { class: 'card narrow', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    field('Email', email),
    field('Password', password),
    h('button', { type: 'submit' }, 'Continue'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void guard(async () => {
      const { totpRequired } = await session.login(email.value, password.value);
      password.value = '';
      if (totpRequired) renderTotp(main, session, onSignedIn);
      else onSignedIn();
    });
  });
  main.append(form);
  email.focus();
}

function renderTotp(main: HTMLElement, session: Session, onSignedIn: () => void): void {
  clear(main);
  const code = h('input', {
    id: 'totp',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    required: true,
  });
  const form = h(
    'form',
    { class: 'card narrow', 'aria-labelledby': 'totp-title' },
    h('h1', { id: 'totp-title' }, 'Two-factor code'),
    h('p', {}, 'Enter the 6-digit code from your authenticator app, or a recovery code.'),
    field('Code', code),
    h('button', { type: 'submit' }, 'Verify'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void guard(async () => {
      await session.stepUp(code.value.trim());
      onSignedIn();
    });
  });
  main.append(form);
  code.focus();
}
