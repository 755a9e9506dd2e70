import { TemplatePreviewQuery, TemplatePreviewView } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { buildInvite, googleCalendarLink } from '../calendar/calendar-invite';
import { localTime, money } from '../notify/time-format';
import { TemplateRenderer } from '../templates/template-renderer';

const SAMPLE_START = '2026-03-29T07:30:00Z';
const SAMPLE_END = '2026-03-29T08:30:00Z';
const SAMPLE_ZONE = 'Europe/Berlin';
const SAMPLE_ID = '01900000-0000-7000-8000-000000000001';

/** NTF-7: any template rendered with sample data, outside production only. */
export class TemplatePreviewService {
  constructor(
    private readonly renderer: TemplateRenderer,
    private readonly production: boolean,
  ) {}

  preview(q: TemplatePreviewQuery): TemplatePreviewView {
    if (this.production) throw new AppError('NF_ROUTE', 'Template previews are not served in production.');
    if (!this.renderer.has(q.template)) throw new AppError('NF_RESOURCE', `No template ${q.template}.`);
    const locale = this.renderer.resolveLocale(q.template, q.locale ?? 'en');
    const visit = { start: new Date(SAMPLE_START), end: new Date(SAMPLE_END), timeZone: SAMPLE_ZONE };
    const sample = {
      visit: {
        start: localTime(SAMPLE_START, SAMPLE_ZONE, locale),
        end: localTime(SAMPLE_END, SAMPLE_ZONE, locale),
        zone: SAMPLE_ZONE,
      },
      previous: {
        start: localTime('2026-03-28T09:00:00Z', SAMPLE_ZONE, locale),
        end: null,
        zone: SAMPLE_ZONE,
      },
      assignment_id: SAMPLE_ID,
      job_id: SAMPLE_ID,
      reason: 'Sample <reason> & "quotes"',
      google_link: googleCalendarLink({ ...visit, summary: 'Slotline visit', description: 'Sample' }),
      awaiting_since: localTime('2026-03-27T09:00:00Z', SAMPLE_ZONE, locale),
      payout: { amount: money(12_500, 'EUR', locale) },
      at: localTime(SAMPLE_START, SAMPLE_ZONE, locale),
      device: { ip: '203.0.113.7', user_agent: 'Mozilla/5.0 (sample)' },
    };
    const rendered = this.renderer.render(q.template, locale, sample);
    const calendarKind = ['schedule_confirmed', 'schedule_rescheduled', 'schedule_cancelled'].includes(
      q.template,
    );
    const ics = calendarKind
      ? buildInvite({
          assignmentId: SAMPLE_ID,
          sequence: q.template === 'schedule_confirmed' ? 0 : 1,
          ...visit,
          summary: 'Slotline visit',
          description: 'Sample',
          organizer: { name: 'Slotline', email: 'no-reply@slotline.local' },
          attendees: [
            { name: 'Customer', email: 'customer@example.com' },
            { name: 'Provider', email: 'provider@example.com' },
          ],
          method: q.template === 'schedule_cancelled' ? 'CANCEL' : 'REQUEST',
          stamp: new Date(SAMPLE_START),
        })
      : null;
    return { template: q.template, locale, ...rendered, ics };
  }
}
