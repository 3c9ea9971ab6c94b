import type { FastifyReply, FastifyRequest } from 'fastify';
import { findOpenSession } from '../../platform/auth/sessions.repository.ts';
import { IDLE_TIMEOUT_MS } from '../../platform/auth/session-token.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import * as repo from './cockpit.repository.ts';
import { startEventStream } from '../../platform/event-stream-response.ts';

const POLL_MS = 3_000;
const CHECK_SESSION_MS = 20_000;
/** Ids commit out of order: each poll looks this many events back and skips what it already sent. */
const LOOKBACK_IDS = 500;

/**
 * 实时滚动: new requests under a place as server-sent events (`event: request`), for the big screen's ticker.
 * Only the category, the compound and the time go out — no resident, no description: a wall screen is public.
 * One indexed read per stream every 3 s; the numbers on the screen come from the rollups, not from this.
 */
export function openTicker(deps: Deps, caller: Caller, place: { district_id: number; path: string }, request: FastifyRequest, reply: FastifyReply): void {
  const res = startEventStream(reply);
  let closed = false;
  let cursor: number | undefined;
  /** What existed when the stream opened is history: only the few newest are shown, never the rest later. */
  let floor = 0;
  const sent = new Set<number>();
  let busy = false;
  let sinceCheck = 0;

  const poll = async () => {
    if (closed || busy) return;
    busy = true;
    try {
      if (cursor === undefined) {
        cursor = await repo.lastEventId(deps.db, place.district_id);
        floor = cursor;
        // Start with the last few, so an opened screen is not empty.
        const recent = await repo.raisedSince(deps.db, place.district_id, place.path, Math.max(0, cursor - 5_000), 8, true);
        for (const r of recent) write(r);
        return;
      }
      const rows = await repo.raisedSince(deps.db, place.district_id, place.path, Math.max(floor, cursor - LOOKBACK_IDS), 50);
      for (const r of rows) write(r);
      sinceCheck += POLL_MS;
      if (sinceCheck >= CHECK_SESSION_MS) {
        sinceCheck = 0;
        res.write(': heartbeat\n\n');
        const session = await findOpenSession(deps.db, caller.sessionId);
        if (!session || deps.clock.now().getTime() - session.last_seen_at.getTime() > IDLE_TIMEOUT_MS) {
          res.write('event: session-ended\ndata: {}\n\n');
          close();
        }
      }
    } catch (err) {
      request.log.error({ err }, 'cockpit ticker: could not read new requests');
    } finally {
      busy = false;
    }
  };
  const write = (r: Awaited<ReturnType<typeof repo.raisedSince>>[number]) => {
    const id = Number(r.event_id);
    if (closed || sent.has(id)) return;
    sent.add(id);
    if (sent.size > 2 * LOOKBACK_IDS) sent.delete(sent.values().next().value!);
    if (cursor === undefined || id > cursor) cursor = id;
    const data = { requestId: Number(r.request_id), at: new Date(r.at).toISOString(), category: r.category, compound: r.compound, compoundId: Number(r.compound_id), urgent: r.urgency === 'urgent' };
    res.write(`id: ${id}\nevent: request\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const timer = setInterval(() => void poll(), POLL_MS);
  timer.unref();
  void poll();
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    if (!res.writableEnded) res.end();
  };
  res.on('close', close);
}
