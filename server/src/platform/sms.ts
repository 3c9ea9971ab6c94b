import type { FastifyBaseLogger } from 'fastify';
import { maskPhone } from './personal-data.ts';

/** Outbound text messages. A real gateway implements this; the default writes to the server log. */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

export class LogSmsSender implements SmsSender {
  constructor(private readonly log: FastifyBaseLogger) {}
  async send(phone: string, text: string): Promise<void> {
    this.log.info({ to: maskPhone(phone), text }, 'SMS (no gateway configured: written to the log)');
  }
}
