import { pollUntil } from '@slotline/testing';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server in this process (the `smtp-server` package), keeping every message it accepts. */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The first mail to `to` whose decoded subject matches `subject` (and whose text part contains
 * `containing`, when given), once the SMTP server has it: the notifications dispatcher sends on its own
 * poll, so a test waits for the message rather than for the event.
 */
export async function waitForMail(
  smtp: SmtpTestServer,
  to: string,
  subject: RegExp,
  { containing, timeoutMs = 30_000 }: { containing?: string; timeoutMs?: number } = {},
): Promise<ReceivedMail> {
  const matches = (m: ReceivedMail) =>
    subject.test(decodeSubject(m.raw)) &&
    (containing === undefined || (mimePart(m.raw, 'text/plain') ?? '').includes(containing));
  return pollUntil(`mail to ${to} ${subject}`, () => smtp.to(to).find(matches), { timeoutMs });
}

/** The Subject header with RFC 2047 encoded words decoded (adjacent words joined before UTF-8 decoding). */
function decodeSubject(raw: string): string {
  const line = (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '').replace(/\r?\n[ \t]/g, ' ');
  const words = [...line.matchAll(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi)];
  if (words.length === 0) return line;
  const bytes = words.map(([, enc, text]) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ),
  );
  return Buffer.concat(bytes).toString('utf8');
}

/** The decoded body of the first MIME part of `raw` whose Content-Type starts with `contentType`. */
export function mimePart(raw: string, contentType: string): string | null {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (!new RegExp(`^Content-Type:\\s*${contentType.replace('/', '\\/')}`, 'im').test(headers)) continue;
    const body = part
      .slice(split)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n--[^\r\n]*--\s*$/, '');
    const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
    if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable')
      return Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8');
    return body;
  }
  return null;
}
