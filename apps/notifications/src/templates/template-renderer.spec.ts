import { TemplateRenderer } from './template-renderer';
import { NOTIFICATION_KINDS } from '../notify/notification-kinds';

describe(TemplateRenderer.name, () => {
  const sut = new TemplateRenderer();
  const vars = {
    visit: { start: 'Mon 09:00 (UTC+01:00)', end: 'Mon 10:00 (UTC+01:00)', zone: 'Europe/London' },
    assignment_id: 'a-1',
    job_id: 'j-1',
    reason: '<script>alert("x")</script> & more',
    google_link: 'https://calendar.google.com/calendar/render?a=1&b=2',
    payout: { amount: '€125.00' },
    at: 'now',
    device: { ip: '203.0.113.7', user_agent: 'UA' },
    awaiting_since: 'yesterday',
    previous: { start: 'before' },
  };

  it('ships every notification kind in English and German, each with all four parts', () => {
    expect(sut.kinds()).toEqual(Object.keys(NOTIFICATION_KINDS).sort());
    expect(sut.locales()).toEqual(['de', 'en']);
    for (const kind of sut.kinds()) {
      for (const locale of ['en', 'de']) {
        const out = sut.render(kind, locale, vars);
        for (const part of [out.subject, out.text, out.html, out.sms])
          expect(part.trim().length).toBeGreaterThan(0);
      }
    }
  });

  it('escapes values in the HTML part only', () => {
    const out = sut.render('assignment_rejected', 'en', vars);
    expect(out.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(out.html).not.toContain('<script>');
    expect(out.text).toContain('<script>alert("x")</script> & more');
  });

  it('falls back from a regional locale to its language, then to English', () => {
    expect(sut.resolveLocale('schedule_confirmed', 'de-AT')).toBe('de');
    expect(sut.resolveLocale('schedule_confirmed', 'fr-FR')).toBe('en');
    expect(sut.render('schedule_confirmed', 'de-AT', vars).subject).toMatch(/^Besuch bestätigt/);
  });
});
