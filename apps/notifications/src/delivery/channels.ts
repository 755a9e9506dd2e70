/** What a channel adapter is asked to deliver. */
export interface EmailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 5545 invite: sent as a text/calendar part and an .ics attachment. */
  invite?: { ics: string; method: 'REQUEST' | 'CANCEL' } | null;
}

export interface SmsMessage {
  to: string;
  text: string;
}

/** The channel's own answer (an SMTP reply, a provider's message id), for the history. */
export interface ChannelReceipt {
  response: string;
}

/** Email port: SMTP in production, a log or file adapter in development (NTF-3). */
export interface EmailChannel {
  send(message: EmailMessage): Promise<ChannelReceipt>;
  close?(): void;
}

/** SMS port: a logging adapter by default; a real provider plugs in here. */
export interface SmsChannel {
  send(message: SmsMessage): Promise<ChannelReceipt>;
}

const EMAIL = /[^\s<>@"]+@[^\s<>@"]+/g;
const PHONE = /\+?\d[\d\s-]{6,}\d/g;

/** Channel answers and errors go to the history with addresses masked (NTF-5 "redacted"). */
export function redactChannelText(text: string): string {
  return text
    .replace(EMAIL, (e) => `${e[0]}***@${e.split('@')[1] ?? ''}`)
    .replace(PHONE, (p) => p.replace(/\d(?=(?:\D*\d){2})/g, '*'))
    .slice(0, 1000);
}

export function maskAddress(address: string): string {
  return redactChannelText(address);
}
