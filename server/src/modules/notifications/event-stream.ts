import type { FastifyReply, FastifyRequest } from 'fastify';
import { IDLE_TIMEOUT_MS } from '../../platform/auth/session-token.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import type { LiveHub } from '../../platform/live.ts';
import * as repo from './notifications.repository.ts';
import { notificationDto } from './notifications.service.ts';
import { liveReadsFor, sessionWatchFor } from './live-reads.ts';
import { startEventStream } from '../../platform/event-stream-response.ts';

export const HEARTBEAT_MS = 20_000;
const REPLAY_PAGE = 200;
const SENT_MEMORY = 1_000;
/** About a minute of retries in all (0.25–1 s doubling, capped at 16×), then the failure is logged. */
const DELIVERY_ATTEMPTS = 8;

/**
 * Server-sent events for the caller: each new notification as `event: notification` with `id:` its id, so the
 * browser's automatic reconnect sends `Last-Event-ID` and gets what it missed first. A comment every 20 s keeps
 * proxies from timing the connection out; the session is checked every period too (one sweep for all open streams, live-reads.ts), and an ended or idle session ends
 * the stream (`event: session-ended`).
 *
 * Ids are allocated at insert and committed in any order, so live deliveries send exactly the ids announced
 * (never "everything above the last id", which could skip a slower transaction); only a replay after a gap reads
 * by id range. A notification may then come twice across a reconnect, never not at all; clients key on id.
 */
export function openEventStream(deps: Deps, live: LiveHub, caller: Caller, request: FastifyRequest, reply: FastifyReply, lastEventId: number | undefined, heartbeatMs = HEARTBEAT_MS): void {
  const res = startEventStream(reply);

  let closed = false;
  let cursor = 0;
  const sent = new Set<number>();
  let chain: Promise<void> = Promise.resolve();

  const write = (r: repo.NotificationRow) => {
    if (closed || sent.has(r.id)) return;
    sent.add(r.id);
    if (sent.size > SENT_MEMORY) sent.delete(sent.values().next().value!);
    if (r.id > cursor) cursor = r.id;
    res.write(`id: ${r.id}\nevent: notification\ndata: ${JSON.stringify(notificationDto(r))}\n\n`);
  };
  /** One database read at a time per stream, in order, so events go out in the order they were announced. */
  const enqueue = (job: () => Promise<void>) => {
    chain = chain.then(async () => {
      if (!closed) await job();
    }).catch((err: unknown) => request.log.error({ err }, 'event stream: could not read notifications'));
  };
  const catchUp = async () => {
    for (;;) {
      const rows = await repo.findForPersonAfter(deps.db, caller.personId, cursor, REPLAY_PAGE);
      rows.forEach(write);
      if (rows.length < REPLAY_PAGE || closed) return;
    }
  };

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unwatch();
    unsubscribe();
    if (!res.writableEnded) res.end();
  };

  /**
   * Live reads go through the app's pooled reader (live-reads.ts): a broadcast's thousands of streams share a
   * few statements instead of queueing one each on the pool.
   * A live read that fails (the pool busy past its wait when thousands of streams read at once) is tried again
   * after a random pause, never dropped: its ids were announced once and nothing else would bring them back.
   */
  const deliver = (ids: readonly number[], attempt = 0) => enqueue(async () => {
    try {
      (await liveReadsFor(deps.db).forPerson(caller.personId, ids)).forEach(write);
    } catch (err) {
      if (attempt >= DELIVERY_ATTEMPTS || closed) throw err;
      const pause = setTimeout(() => deliver(ids, attempt + 1), Math.round((250 + Math.random() * 750) * 2 ** Math.min(attempt, 4)));
      pause.unref();
    }
  });

  const unsubscribe = live.subscribe(caller.personId, {
    deliver: (ids) => deliver(ids),
    resync: () => enqueue(catchUp),
    end: close,
  });
  // Subscribed first, then read the starting point: whatever is announced in between is queued behind this.
  enqueue(async () => {
    if (lastEventId !== undefined) {
      cursor = lastEventId;
      await catchUp();
    } else {
      cursor = await repo.maxIdForPerson(deps.db, caller.personId);
    }
  });

  // The session is checked by the app's one session watch (live-reads.ts), for all open streams at once.
  const unwatch = sessionWatchFor(deps.db, () => deps.clock.now(), IDLE_TIMEOUT_MS, heartbeatMs).add(caller.sessionId, () => {
    if (closed) return;
    res.write('event: session-ended\ndata: {}\n\n');
    close();
  });
  const heartbeat = setInterval(() => {
    if (!closed) res.write(': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  // The response's 'close' is the client going away (the request's may fire as soon as its empty body is read).
  res.on('close', close);
}
