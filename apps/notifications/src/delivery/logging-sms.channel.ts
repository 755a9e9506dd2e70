import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ChannelReceipt, maskAddress, SmsChannel, SmsMessage } from './channels';

/** The default SMS adapter: logs the message (number masked) instead of sending it. */
export class LoggingSmsChannel implements SmsChannel {
  constructor(private readonly logger: Logger) {}

  async send(m: SmsMessage): Promise<ChannelReceipt> {
    const id = randomUUID();
    this.logger.info(
      { event: 'sms_logged', to: maskAddress(m.to), length: m.text.length, sms_id: id },
      'SMS not sent (SMS_PROVIDER=log)',
    );
    return { response: `logged ${id}` };
  }
}
