import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { Logger } from 'pino';
import { ChannelReceipt, EmailChannel, EmailMessage, maskAddress } from './channels';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  timeoutMs: number;
  /** Connections kept open to the server; a message waits for a free one when all are busy. */
  maxConnections: number;
}

function mailOf(m: EmailMessage): Mail.Options {
  return {
    from: m.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    ...(m.invite
      ? { icalEvent: { method: m.invite.method, filename: 'invite.ics', content: m.invite.ics } }
      : {}),
  };
}

/**
 * Email over SMTP with nodemailer, every wait on the server bounded by the timeout. Connections are
 * pooled, up to `maxConnections`, each reused for up to 100 messages (nodemailer's default). A new
 * connection costs the TCP and SMTP handshakes and whatever the server does on connect (a reverse DNS
 * lookup, a greeting delay): on `bench:notifications` reusing them took throughput from about 40 to about
 * 60 events/s and the p50 from event to e-mail from about 325 to about 205 ms (docs/performance.md,
 * "Notifications: pooled SMTP").
 */
export class SmtpEmailChannel implements EmailChannel {
  private readonly transport: Transporter;

  constructor(s: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: s.maxConnections,
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
      connectionTimeout: s.timeoutMs,
      greetingTimeout: s.timeoutMs,
      socketTimeout: s.timeoutMs,
    });
  }

  async send(m: EmailMessage): Promise<ChannelReceipt> {
    const info = await this.transport.sendMail(mailOf(m));
    return { response: String(info.response ?? info.messageId) };
  }

  close(): void {
    this.transport.close();
  }
}

/** Development: builds the whole message (so templates and invites are exercised) and logs a summary. */
export class LogEmailChannel implements EmailChannel {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true });

  constructor(private readonly logger: Logger) {}

  async send(m: EmailMessage): Promise<ChannelReceipt> {
    const info = await this.transport.sendMail(mailOf(m));
    this.logger.info(
      { event: 'email_logged', to: maskAddress(m.to), subject: m.subject, invite: m.invite?.method ?? null },
      'email not sent (EMAIL_TRANSPORT=log)',
    );
    return { response: `logged ${info.messageId}` };
  }
}

/** Development: writes each message as an .eml file to open in a mail client. */
export class FileEmailChannel implements EmailChannel {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true });

  constructor(private readonly dir: string) {}

  async send(m: EmailMessage): Promise<ChannelReceipt> {
    const info = await this.transport.sendMail(mailOf(m));
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${Date.now()}-${String(info.messageId).replace(/[^\w.-]/g, '')}.eml`);
    await writeFile(file, info.message as Buffer);
    return { response: `written ${path.basename(file)}` };
  }
}
