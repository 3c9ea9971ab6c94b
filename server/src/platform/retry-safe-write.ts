import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { requireCaller } from './auth/authenticate.ts';
import type { Deps } from './context.ts';
import { AppError } from './errors.ts';
import { sortedJson } from './sorted-json.ts';

/** The optional `Idempotency-Key` header of a retry-safe write, declared in the route schema for the OpenAPI document. */
export const retrySafeHeaders = z.object({
  'idempotency-key': z.string().trim().min(8).max(100).optional().describe('可选：同一个键重试只执行一次，返回第一次的结果；同键不同内容 → 422 IDEMPOTENCY_KEY_REUSED'),
});

type Claim = { districtId: number; personId: number; key: string };
const claims = new WeakMap<FastifyRequest, Claim>();

/** What a replay answers: the first answer's status and its JSON exactly as sent. */
type StoredAnswer = { status: number; payload: string };

/**
 * 重试安全的写操作 — route hooks that make any write safe to retry over a weak mobile network when the client sends an
 * `Idempotency-Key` (without one the route runs as before, so older clients keep working):
 * - first request: the key is claimed (district, person, key, method + route, hash of params + body) before the
 *   handler runs, and the answer (status + JSON) is kept once sent; a 4xx/5xx answer releases the key so the same
 *   request may be retried with it;
 * - same key, same route, same params and body → the first answer again (header `Idempotent-Replay: true`), the
 *   handler does not run;
 * - same key, another route or other params/body → 422 IDEMPOTENCY_KEY_REUSED;
 * - same key while the first is still running → 409 IDEMPOTENCY_KEY_IN_FLIGHT.
 * Keys live in `points_idempotency` beside the ledger's, so one key is never used for two different writes.
 * Unlike `idempotent()` (points), the key is kept in its own transaction, not the write's: the services behind
 * these routes own their transactions. A crash between the write and keeping the answer leaves the key claimed
 * without an answer (it then answers IDEMPOTENCY_KEY_IN_FLIGHT) — the write itself is never applied twice.
 *
 * Use: `app.post(url, { schema: { …, headers: retrySafeHeaders }, ...retrySafe }, handler)` with
 * `const retrySafe = retrySafeWrite(deps)`.
 */
export function retrySafeWrite(deps: Deps) {
  return {
    preHandler: async (req: FastifyRequest, reply: FastifyReply) => {
      const raw = req.headers['idempotency-key'];
      const key = typeof raw === 'string' ? raw.trim() : '';
      if (!key) return;
      const caller = requireCaller(req);
      const operation = `${req.method} ${req.routeOptions.url ?? req.url}`;
      const requestHash = crypto.createHash('sha256').update(`${operation}\n${sortedJson({ params: req.params ?? null, body: req.body ?? null })}`).digest('hex');
      const row = { district_id: caller.districtId, actor_id: caller.personId, key, operation, request_hash: requestHash };
      const claimed = await deps.db
        .insertInto('points_idempotency')
        .values({ ...row, response: 'null' })
        .onConflict((oc) => oc.columns(['district_id', 'actor_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (claimed) {
        claims.set(req, { districtId: caller.districtId, personId: caller.personId, key });
        return;
      }
      const seen = await deps.db
        .selectFrom('points_idempotency')
        .select(['operation', 'request_hash', 'response'])
        .where('district_id', '=', caller.districtId)
        .where('actor_id', '=', caller.personId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!seen || seen.operation !== operation || seen.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      const answer = seen.response as StoredAnswer | null;
      if (!answer || typeof answer.payload !== 'string') throw new AppError('IDEMPOTENCY_KEY_IN_FLIGHT');
      return reply.code(answer.status).header('idempotent-replay', 'true').type('application/json; charset=utf-8').serializer((p: unknown) => p as string).send(answer.payload);
    },
    onSend: async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const claim = claims.get(req);
      if (!claim) return payload;
      claims.delete(req);
      if (reply.statusCode >= 400 || typeof payload !== 'string') {
        await deps.db.deleteFrom('points_idempotency').where('district_id', '=', claim.districtId).where('actor_id', '=', claim.personId).where('key', '=', claim.key).execute();
      } else {
        const answer: StoredAnswer = { status: reply.statusCode, payload };
        await deps.db
          .updateTable('points_idempotency')
          .set({ response: sql`${JSON.stringify(answer)}::jsonb` } as never)
          .where('district_id', '=', claim.districtId)
          .where('actor_id', '=', claim.personId)
          .where('key', '=', claim.key)
          .execute();
      }
      return payload;
    },
  };
}
