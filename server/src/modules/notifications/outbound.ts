import type { FastifyBaseLogger } from 'fastify';
import { OUTBOUND_TIMER } from '../../platform/live.ts';
import type { TimerRunner } from '../../platform/timers.ts';
import { findForOutbound } from './notifications.repository.ts';

export type OutboundNotice = { notificationId: number; kind: string; title: string; body: string | null; link: string | null };

/**
 * Where urgent notifications go beyond the app: SMS, a WeChat Work group robot … one implementation per channel,
 * chosen by configuration. `send` throws to be retried (the timer runner retries in five minutes).
 */
export interface OutboundChannel {
  send(personId: number, notice: OutboundNotice): Promise<void>;
}

/** The default: writes what it would send to the log (no personal data: ids, kind and title only). */
export class LogOutboundChannel implements OutboundChannel {
  constructor(private readonly log: FastifyBaseLogger) {}
  async send(personId: number, notice: OutboundNotice): Promise<void> {
    this.log.info({ personId, notificationId: notice.notificationId, kind: notice.kind, title: notice.title }, 'outbound notification (log channel)');
  }
}

/**
 * Notifications of the kinds in OUTBOUND_KINDS get a durable timer in the transaction that writes them
 * (platform/live.ts); firing it sends the notice once, after the commit, on whichever instance claims it.
 */
export function registerOutboundTimer(timers: TimerRunner, channel: OutboundChannel): void {
  timers.on(OUTBOUND_TIMER, async (trx, timer) => {
    const n = await findForOutbound(trx, timer.subjectId);
    if (!n) return;
    await channel.send(n.person_id, { notificationId: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link });
  });
}
