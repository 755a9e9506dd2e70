import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What one template renders to: the email's subject, text and HTML parts and the SMS text. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

const SECTIONS = ['subject', 'text', 'html', 'sms'] as const;
type Section = (typeof SECTIONS)[number];
type Compiled = Record<Section, Handlebars.TemplateDelegate>;

export const DEFAULT_LOCALE = 'en';

/** The templates folder beside the app: `apps/notifications/templates`, from src/ or dist/. */
export function defaultTemplateDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'apps', 'notifications', 'templates');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('apps/notifications/templates not found; set NOTIFICATIONS_TEMPLATE_DIR');
}

/**
 * Templates are files, `<locale>/<kind>.hbs`, each with four sections (`--- subject ---`, `--- text ---`,
 * `--- html ---`, `--- sms ---`). Handlebars HTML-escapes every `{{value}}` in the HTML part; the
 * subject, text and SMS parts are plain text and are not escaped. A recipient's locale falls back to its
 * language (`de-AT` → `de`), then to English.
 */
export class TemplateRenderer {
  private readonly templates = new Map<string, Compiled>();

  constructor(dirOrDefault?: string) {
    const dir = dirOrDefault ?? defaultTemplateDir();
    for (const locale of readdirSync(dir)) {
      for (const file of readdirSync(path.join(dir, locale)).filter((f) => f.endsWith('.hbs'))) {
        const kind = file.replace(/\.hbs$/, '');
        this.templates.set(
          `${locale}/${kind}`,
          compile(readFileSync(path.join(dir, locale, file), 'utf8'), file),
        );
      }
    }
  }

  kinds(): string[] {
    return [...new Set([...this.templates.keys()].map((k) => k.split('/')[1]))].sort();
  }

  locales(): string[] {
    return [...new Set([...this.templates.keys()].map((k) => k.split('/')[0]))].sort();
  }

  has(kind: string): boolean {
    return this.templates.has(`${DEFAULT_LOCALE}/${kind}`);
  }

  /** The locale a template will be rendered in for a recipient who asked for `locale`. */
  resolveLocale(kind: string, locale: string): string {
    const language = locale.split('-')[0];
    for (const candidate of [locale, language, DEFAULT_LOCALE]) {
      if (this.templates.has(`${candidate}/${kind}`)) return candidate;
    }
    throw new Error(`No template ${kind}`);
  }

  render(kind: string, locale: string, vars: object): RenderedMessage {
    const t = this.templates.get(`${this.resolveLocale(kind, locale)}/${kind}`)!;
    return {
      subject: t.subject(vars).trim(),
      text: t.text(vars).trim() + '\n',
      html: t.html(vars).trim() + '\n',
      sms: t.sms(vars).trim(),
    };
  }
}

function compile(source: string, file: string): Compiled {
  const parts: Partial<Record<Section, string>> = {};
  let current: Section | null = null;
  for (const line of source.split('\n')) {
    const marker = /^--- (subject|text|html|sms) ---$/.exec(line.trim());
    if (marker) {
      current = marker[1] as Section;
      parts[current] = '';
    } else if (current) parts[current] += `${line}\n`;
  }
  const missing = SECTIONS.filter((s) => parts[s] === undefined);
  if (missing.length) throw new Error(`Template ${file} lacks sections: ${missing.join(', ')}`);
  const options = { strict: false };
  return {
    subject: Handlebars.compile(parts.subject!, { ...options, noEscape: true }),
    text: Handlebars.compile(parts.text!, { ...options, noEscape: true }),
    html: Handlebars.compile(parts.html!, options),
    sms: Handlebars.compile(parts.sms!, { ...options, noEscape: true }),
  };
}
