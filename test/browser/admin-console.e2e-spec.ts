/// <reference lib="dom" />
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { buildAdminConsole } from '../../scripts/admin-console/build-admin-console';
import { PASSWORD, SignedIn, awayFromStepEdge, enableTwoFactor, signUp, totpCode } from '../e2e/auth-support';
import { completedVisit, signUp as signUpUser, signUpPractitioner } from '../e2e/scheduling-support';
import { TestPlatform } from '../support/test-platform';
import { RunningPlatform, usePlatform } from '../support/use-platform';
import { AxeSummary, CspWatch, axe, chromiumPresent, launchChromium, screenshot, watchCsp } from './browser';

jest.setTimeout(120_000);

const serious = (summary: AxeSummary) =>
  summary.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

const describeInBrowser = chromiumPresent() ? describe : describe.skip;
if (!chromiumPresent()) {
  // .ci/run installs Debian's chromium; say loudly why this suite did not run anywhere else.
  process.stderr.write('admin console browser tests skipped: /usr/bin/chromium is missing\n');
}

describeInBrowser('admin console (ADM-1) in headless Chromium', () => {
  let running: RunningPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let csp: CspWatch;
  let admin: SignedIn & { secret: string };
  let consoleDir: string;
  let toApprove: string;
  let toDeny: string;

  /** A visit requested, accepted, scheduled, started and completed: payouts turns it into a pending payout. */
  async function pendingPayout(daysAhead: number): Promise<string> {
    const { http, db } = running;
    const [customer, provider] = await Promise.all([
      signUpUser(http, db, 'customer'),
      signUpPractitioner(http, db, `Dr Console ${daysAhead}`),
    ]);
    const assignmentId = await completedVisit(http, db, { customer, provider }, daysAhead);
    for (const until = Date.now() + 30_000; Date.now() < until;) {
      const { rows } = await db.query(`SELECT id FROM payouts.payouts WHERE assignment_id = $1`, [
        assignmentId,
      ]);
      if (rows[0]) return rows[0].id as string;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no payout for assignment ${assignmentId}`);
  }

  /** The queue is shared with other test files: page through it until the payout's row shows. */
  async function showRow(payoutId: string): Promise<void> {
    await page.click('nav button[data-view="payouts"]');
    for (;;) {
      await page.waitForSelector('tbody tr');
      if (await page.locator(`tr[data-payout="${payoutId}"]`).count()) return;
      const next = page.locator('button:text("Next page")');
      if (!(await next.isVisible())) throw new Error(`payout ${payoutId} is not in the pending queue`);
      await next.click();
    }
  }

  beforeAll(async () => {
    consoleDir = await mkdtemp(path.join(os.tmpdir(), 'slotline-admin-'));
    await buildAdminConsole(consoleDir);
  });

  usePlatform(
    () =>
      TestPlatform.start({
        env: { AUTH_REQUIRE_ADMIN_2FA: 'true' },
        appEnv: { gateway: { ADMIN_CONSOLE_DIR: consoleDir } },
      }),
    (r) => (running = r),
  );

  beforeAll(async () => {
    // A super_admin: deciding payouts needs admin rights, verifying the audit chain needs super_admin.
    const user = await signUp(running.http, running.db, 'super_admin');
    const { secret } = await enableTwoFactor(running.http, user);
    admin = { ...user, secret };
    toApprove = await pendingPayout(3);
    toDeny = await pendingPayout(4);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    csp = await watchCsp(context);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is served with a strict CSP, no inline code and long-cached hashed assets', async () => {
    const page = await running.http.get('/admin').expect(200);
    const policy = page.headers['content-security-policy'];
    for (const directive of [
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(policy).toContain(directive);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(page.text).not.toMatch(/\sstyle=/); // no inline style
    const asset = /\/admin\/assets\/(app\.[0-9a-f]{16}\.js)/.exec(page.text)?.[1];
    expect(asset).toBeDefined();
    const js = await running.http.get(`/admin/assets/${asset}`).expect(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['cache-control']).toContain('max-age=31536000');
    expect(js.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost|www\.w3\.org)/); // no third-party origin
    await running.http
      .get('/admin/assets/nope.js')
      .expect(404)
      .expect('content-type', /problem\+json/);
  });

  it('signs an admin in with password and TOTP using the keyboard only', async () => {
    await page.goto(`${running.platform.url()}/admin`);
    await page.waitForSelector('#email');
    // The form takes focus on load; from there on only keys are used.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('email');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#totp');
    expect(serious(await axe(page, 'totp'))).toEqual([]);
    await screenshot(page, 'sign-in-totp');
    await awayFromStepEdge();
    await page.keyboard.type(totpCode(admin.secret));
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text("Pending payouts")');
    expect(
      await page.evaluate(() => Object.keys(localStorage).length + Object.keys(sessionStorage).length),
    ).toBe(0);
  });

  it('shows a problem with its message and trace id when a code is wrong', async () => {
    const other = await context.newPage();
    await other.goto(`${running.platform.url()}/admin`);
    await other.fill('#email', admin.email);
    await other.fill('#password', 'not the password at all');
    await other.press('#password', 'Enter');
    const notice = other.locator('#notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/trace_id [0-9a-f]{32}/);
    await other.close();
  });

  it('approves one payout and denies another with a reason; both leave the queue', async () => {
    await showRow(toApprove);
    expect(serious(await axe(page, 'payouts'))).toEqual([]);
    await screenshot(page, 'payouts');
    await page.click(`tr[data-payout="${toApprove}"] button[data-action="approve"]`);
    await page.waitForSelector(`tr[data-payout="${toApprove}"]`, { state: 'detached' });
    await expect(page.locator('#notice').textContent()).resolves.toContain('approved');

    await showRow(toDeny);
    await page.click(`tr[data-payout="${toDeny}"] button[data-action="deny"]`);
    await page.keyboard.type('No show: the customer was not at home.');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`tr[data-payout="${toDeny}"]`, { state: 'detached' });

    const decided = await running.db.query(
      `SELECT id, status, reason FROM payouts.payouts WHERE id = ANY($1)`,
      [[toApprove, toDeny]],
    );
    const byId = Object.fromEntries(decided.rows.map((r) => [r.id, r]));
    expect(byId[toApprove].status).toMatch(/approved|captured/);
    expect(byId[toDeny]).toMatchObject({
      status: 'denied',
      reason: 'No show: the customer was not at home.',
    });
  });

  it('tells plainly when another admin decided a payout meanwhile', async () => {
    const raced = await pendingPayout(5);
    await showRow(raced);
    // Another admin denies it through the API while this page still shows it.
    const other = await signUp(running.http, running.db, 'admin');
    const { secret } = await enableTwoFactor(running.http, other);
    await awayFromStepEdge();
    const stepped = await running.http
      .post('/v1/auth/2fa')
      .set('Authorization', `Bearer ${other.access}`)
      .send({ code: totpCode(secret) })
      .expect(200);
    await running.http
      .post(`/v1/admin/payouts/${raced}/deny`)
      .set('Authorization', `Bearer ${stepped.body.access_token}`)
      .send({ reason: 'Decided by someone else' })
      .expect(200);
    await page.click(`tr[data-payout="${raced}"] button[data-action="approve"]`);
    await page.waitForSelector(`tr[data-payout="${raced}"]`, { state: 'detached' });
    await expect(page.locator('#notice').textContent()).resolves.toContain('already decided by someone else');
  });

  it('shows both decisions in the audit log', async () => {
    await page.click('nav button[data-view="audit"]');
    for (const [id, word] of [
      [toApprove, 'approved'],
      [toDeny, 'denied'],
    ]) {
      await page.fill('#f-actor', '');
      await page.fill('#f-resource-id', id);
      await page.click('form.filters button[type="submit"]');
      await page.waitForFunction(
        ([rid, w]) =>
          Array.from(document.querySelectorAll('tbody tr')).some(
            (tr) => tr.textContent?.includes(rid) && tr.textContent?.includes(w),
          ),
        [id, word],
        { timeout: 30_000 },
      );
    }
    await page.fill('#f-resource-id', '');
  });

  it('shows the fulfilment cards and the reminders chart', async () => {
    await page.click('nav button[data-view="fulfilment"]');
    await page.waitForSelector('[data-metric="awaiting_schedule"]');
    for (const metric of ['awaiting_schedule', 'scheduled', 'reminder_overdue', 'payout_pending'])
      await expect(page.locator(`[data-metric="${metric}"] .metric-value`).textContent()).resolves.toMatch(
        /^\d+$/,
      );
    await page.waitForSelector('svg.chart');
    expect(serious(await axe(page, 'fulfilment'))).toEqual([]);
    await screenshot(page, 'fulfilment');
  });

  it('lists the audit log with filters and the chain verify status', async () => {
    await page.click('nav button[data-view="audit"]');
    await page.waitForSelector('#verify-status.ok');
    await expect(page.locator('#verify-status').textContent()).resolves.toMatch(/verified/);
    await page.fill('#f-actor', admin.id);
    await page.click('form.filters button[type="submit"]');
    await page.waitForFunction(
      (id) => Array.from(document.querySelectorAll('tbody tr')).every((tr) => tr.textContent?.includes(id)),
      admin.id,
    );
    expect(serious(await axe(page, 'audit'))).toEqual([]);
    await screenshot(page, 'audit-log');
  });

  it('works 390 px wide', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('nav button[data-view="fulfilment"]');
    await page.waitForSelector('svg.chart');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'fulfilment-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('signs out and revokes the session', async () => {
    await page.click('#sign-out');
    await page.waitForSelector('#email');
    expect(await csp.violations(page)).toEqual([]);
  });
});
