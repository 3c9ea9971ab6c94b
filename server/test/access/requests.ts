import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Caller } from './world.ts';

/** One route of the OpenAPI document as the app serves it. */
export type Operation = { method: string; path: string; key: string; params: Record<string, JsonSchema | undefined>; query: { name: string; required: boolean; schema?: JsonSchema }[]; body: JsonSchema | null };
export type JsonSchema = {
  type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[];
  anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; format?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number;
  minItems?: number; pattern?: string; default?: unknown; const?: unknown;
};
type OpenApiOperation = { parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };

export function listOperations(spec: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required ?? false, ...(p.schema ? { schema: p.schema } : {}) }));
      const params = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.schema]));
      out.push({ method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}`, params, query, body: op.requestBody?.content?.['application/json']?.schema ?? null });
    }
  }
  return out;
}

/**
 * A well-formed value for a schema: the matrix wants every request to pass validation, so that what answers is the
 * authority check, not the schema. Fields that name a place or a resource get the target's ids.
 */
/** Bodies whose rules span fields (money needs an amount): a valid one, by route. */
export const BODY_OVERRIDES: Record<string, Record<string, unknown>> = {
  'POST /api/charity/drives/{id}/entries': { kind: 'receipt', form: 'money', amountFen: 100, donorName: '矩阵' },
  // One's own ballot: a proxy's forOwnerId is left out (a made-up owner is refused as "not your principal").
  'POST /api/me/votes/{id}/ballot': { choice: 'for' },
  'PATCH /api/me/votes/{id}/ballot': { choice: 'against' },
};

export function sample(schema: JsonSchema | undefined, ids: Record<string, string>, name = '', depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.const !== undefined) return schema.const;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sample(alt.find((s) => s.type !== 'null') ?? alt[0], ids, name, depth + 1);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object':
    {
      const props = Object.entries(schema.properties ?? {});
      const picked = props.filter(([k]) => (schema.required ?? []).includes(k) || /Id$|^placeId$/.test(k));
      // A change with nothing required (a PATCH) still names one field: an empty change is refused before authority.
      return Object.fromEntries((picked.length > 0 ? picked : props.slice(0, 1)).map(([k, v]) => [k, sample(v, ids, k, depth + 1)]));
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items, ids, name, depth + 1));
    case 'integer':
    case 'number': {
      const id = idFor(name, ids);
      if (id !== undefined) return Number(id);
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    }
    case 'boolean':
      return true;
    case 'string': {
      // Ends after it starts: a later time for the fields that close a span.
      const later = /end|closes|until|due|^to$/i.test(name) ? 3 * 3600_000 : 0;
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000 + later).toISOString();
      if (schema.format === 'date') return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const id = idFor(name, ids);
      if (id !== undefined) return id;
      if (schema.pattern) {
        const re = new RegExp(schema.pattern, 'u');
        const hit = patternCandidates().find((c) => re.test(c));
        if (hit) return hit;
      }
      if (/phone/i.test(name)) return '13912345678';
      const len = Math.max(schema.minLength ?? 1, 2);
      return '测'.repeat(Math.min(len, schema.maxLength ?? len));
    }
    default:
      return 'x';
  }
}

/** An id of the right shape that names nothing: for routes whose kind of row the world does not have. */
export function nonexistent(schema: JsonSchema | undefined, name: string): string {
  if (name === 'format') return 'json';
  const candidates = ['987654321', '00000000-0000-4000-8000-000000000000', 'matrixNonexistent000000', 'ZZZZ99999999'];
  if (schema?.format === 'uuid') return candidates[1]!;
  if (schema?.pattern) return candidates.find((c) => new RegExp(schema.pattern!, 'u').test(c)) ?? candidates[0]!;
  return schema?.type === 'string' ? candidates[2]! : candidates[0]!;
}

function patternCandidates(): string[] {
  const tomorrow = new Date(Date.now() + 86_400_000);
  return [tomorrow.toISOString().slice(0, 10), tomorrow.toISOString(), '13912345678', 'abc', 'ab_cd', 'matrix_code', '123456', '08:30', '08:30-17:30',
    'ABCDE-FGHIJ', 'https://example.org/a', 'matrix-photo-id-0000000000', '测试', 'A1', '110101199003070011', tomorrow.toISOString().slice(0, 7)];
}

function idFor(name: string, ids: Record<string, string>): string | undefined {
  if (name in ids) return ids[name];
  if (/^(placeId|compoundId|scopePlaceId|locationPlaceId|homePlaceId)$/.test(name)) return ids[name] ?? ids.placeId;
  if (name === 'communityId') return ids.communityId;
  if (name === 'streetId') return ids.streetId;
  return undefined;
}

export function urlFor(o: Operation, params: Record<string, string>, ids: Record<string, string>): string {
  const path = o.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? (k === 'format' ? 'json' : '1')));
  const qs = new URLSearchParams();
  for (const q of o.query) {
    const fromIds = idFor(q.name, ids);
    if (fromIds !== undefined) qs.set(q.name, fromIds);
    else if (q.required) qs.set(q.name, String(sample(q.schema, ids, q.name)));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export async function send(app: FastifyInstance, o: Operation, url: string, caller: Caller | null, payload?: unknown): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  // Every write carries a fresh key, so the Idempotency-Key check (points, store, money) is not what answers.
  if (o.method !== 'GET') headers['idempotency-key'] = `matrix-${Math.random().toString(36).slice(2)}${Date.now()}`;
  if (caller) {
    headers.cookie = caller.cookie;
    if (o.method !== 'GET') headers['x-csrf-token'] = caller.csrf;
  }
  const answer = app.inject({ method: o.method as 'GET', url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<LightMyRequestResponse>((resolve) => {
    timer = setTimeout(() => resolve({ statusCode: 599, body: 'no answer within 20 s' } as LightMyRequestResponse), 20_000);
  });
  try {
    return await Promise.race([answer, silence]);
  } finally {
    clearTimeout(timer);
  }
}
