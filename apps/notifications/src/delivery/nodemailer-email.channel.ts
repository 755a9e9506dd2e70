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

/** Email over SMTP with nodemailer: one connection per message, every wait bounded by the timeout. */
export class SmtpEmailChannel implements EmailChannel {
  private readonly transport: Transporter;

  constructor(s: SmtpSettings) {
    this.transport = nodemailer.createTransport({
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
