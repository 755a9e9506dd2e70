import * as ical from 'node-ical';
import { TemplateRenderer } from '../templates/template-renderer';
import { TemplatePreviewService } from './template-preview.service';

describe(TemplatePreviewService.name, () => {
  const renderer = new TemplateRenderer();

  it('renders any template with sample data, with the invite for visit templates', () => {
    const sut = new TemplatePreviewService(renderer, false);
    for (const template of renderer.kinds()) {
      const view = sut.preview({ template, locale: 'de-AT' });
      expect(view.locale).toBe('de');
      expect(view.html).not.toContain('<reason>');
    }
    const confirmed = sut.preview({ template: 'schedule_cancelled' });
    const parsed = Object.values(ical.sync.parseICS(confirmed.ics!)).find((c) => c?.type === 'VEVENT');
    expect(parsed).toBeDefined();
    expect(confirmed.ics).toContain('METHOD:CANCEL');
    expect(sut.preview({ template: 'payout_denied' }).ics).toBeNull();
  });

  it('refuses unknown templates and everything in production', () => {
    expect(() => new TemplatePreviewService(renderer, false).preview({ template: 'nope' })).toThrow(
      expect.objectContaining({ code: 'NF_RESOURCE' }),
    );
    expect(() =>
      new TemplatePreviewService(renderer, true).preview({ template: 'schedule_confirmed' }),
    ).toThrow(expect.objectContaining({ code: 'NF_ROUTE' }));
  });
});
