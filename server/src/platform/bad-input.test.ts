import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Session, type TestApp } from '../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../test/factories.ts';

/**
 * The bad-input suite (issue 10 §4): every route of the OpenAPI document, as the app serves it now, gets hostile
 * path parameters, query strings and bodies. Whatever the route, the answer is never a 5xx and never carries a
 * stack trace; the prototype of plain objects is never polluted. Routes added later are covered without an edit.
 */
type Operation = { method: string; path: string; params: string[]; query: string[]; body: JsonSchema | null };
type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; format?: string };

/** Routes whose side effect would end the suite's own sessions; they are covered by the auth tests. */
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all']);
/** Server-sent event streams stay open by design (tested in notifications). */
const STREAM = /\/stream$|\/ticker$/;

// CJK extension B, emoji with a joiner, right-to-left marks, a NUL, a lone surrogate's neighbourhood, markup.
const NASTY = '𠀀𪚥 👩‍👩‍👧 \u202Eevil\u202C \u0000 <script>alert(1)</script> \'; drop table people; --';
const PATH_VALUES = ['0', '-1', '99999999999999999999', 'abc', '..%2F..%2Fetc%2Fpasswd', "1'%20OR%20'1'%3D'1", '%00'];
const RAW_BODIES = ['{"a":', '[]', '"text"', 'null', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'];

let t: TestApp;
let admin: Session;
let resident: Session;
let operations: Operation[];

beforeAll(async () => {
  t = await buildTestApp();
  const tree = await createTree(t.deps);
  const a = await createPerson(t.deps, tree.districtId, '区管理员', [{ role: 'district_admin', place: tree.places.D! }]);
  const r = await createPerson(t.deps, tree.districtId, '居民', [{ role: 'resident', place: tree.places['A-h1']! }]);
  admin = await signIn(t.app, a.phone, PASSWORD);
  resident = await signIn(t.app, r.phone, PASSWORD);
  operations = listOperations(t.app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> });
}, 120_000);
afterAll(() => t.close());

type OpenApiOperation = { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };

function listOperations(spec: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const body = op.requestBody?.content?.['application/json']?.schema ?? null;
      out.push({ method: method.toUpperCase(), path, params, query, body });
    }
  }
  return out.filter((o) => !SKIP.has(`${o.method} ${o.path}`) && !STREAM.test(o.path));
}

/** A body shaped like the schema but full of hostile strings: it passes validation often enough to reach the SQL. */
function hostile(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return NASTY;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return hostile(alt.find((s) => s.type !== 'null') ?? alt[0], depth + 1);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, hostile(v, depth + 1)]));
    case 'array':
      return [hostile(schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'string':
      return schema.format === 'date-time' ? '2026-11-23T10:00:00+08:00' : schema.format === 'date' ? '2026-11-23' : NASTY;
    default:
      return NASTY;
  }
}

function deeplyNested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

const sessionFor = (o: Operation) => (o.path.startsWith('/api/me') ? resident : admin);

function fill(o: Operation, value: string): string {
  return o.path.replace(/\{(\w+)\}/g, () => value);
}

async function send(o: Operation, url: string, payload?: string, contentType = 'application/json'): Promise<LightMyRequestResponse> {
  const s = sessionFor(o);
  const headers: Record<string, string> = { cookie: s.cookie };
  if (o.method !== 'GET') headers['x-csrf-token'] = s.csrf;
  if (payload !== undefined) headers['content-type'] = contentType;
  const answer = t.app.inject({ method: o.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<LightMyRequestResponse>((resolve) => {
    timer = setTimeout(() => resolve({ statusCode: 599, body: 'no answer within 30 s' } as LightMyRequestResponse), 30_000);
  });
  try {
    return await Promise.race([answer, silence]);
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with an answer, or null: a 5xx, or anything that looks like a stack trace or an SQL error. */
function defect(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 200)}`;
  if (/\n\s+at .+\(.+:\d+:\d+\)|node_modules|syntax error at or near|invalid byte sequence/i.test(res.body)) return `leaks internals: ${res.body.slice(0, 200)}`;
  return null;
}

describe('bad input on every route (OpenAPI)', () => {
  it('covers the routes the app serves', () => {
    expect(operations.length).toBeGreaterThan(100);
  });

  it('answers hostile path parameters with 4xx, never 5xx', async () => {
    const failures: string[] = [];
    for (const o of operations.filter((x) => x.params.length > 0)) {
      for (const v of PATH_VALUES) {
        const body = o.method === 'GET' || o.method === 'DELETE' ? undefined : JSON.stringify(hostile(o.body ?? undefined));
        const res = await send(o, fill(o, v), body);
        const d = defect(res);
        if (d) failures.push(`${o.method} ${o.path} [${v}] → ${d}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers hostile query strings with 4xx or a result, never 5xx', async () => {
    const failures: string[] = [];
    for (const o of operations.filter((x) => x.method === 'GET')) {
      const qs = new URLSearchParams({ page: '-1', pageSize: '100000', sort: 'id;drop table people', order: "asc'--" });
      for (const q of o.query) qs.set(q, NASTY);
      const res = await send(o, `${fill(o, '1')}?${qs.toString()}`);
      const d = defect(res);
      if (d) failures.push(`${o.method} ${o.path} → ${d}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers malformed, mistyped, polluting, deep, huge and hostile bodies with 4xx, never 5xx', async () => {
    const failures: string[] = [];
    const huge = JSON.stringify({ items: Array.from({ length: 100_000 }, (_, i) => i) });
    for (const o of operations.filter((x) => x.method !== 'GET' && x.method !== 'DELETE')) {
      const url = fill(o, '1');
      const bodies = [...RAW_BODIES, deeplyNested(5000), huge, JSON.stringify(hostile(o.body ?? undefined))];
      for (const b of bodies) {
        const res = await send(o, url, b);
        const d = defect(res);
        if (d) failures.push(`${o.method} ${o.path} [${b.slice(0, 30)}] → ${d}`);
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 600_000);

  it('refuses a NUL character with 400 INVALID_CHARACTER before anything is written', async () => {
    const o = operations.find((x) => x.method === 'POST' && x.path === '/api/requests')!;
    const res = await send(o, '/api/requests', JSON.stringify({ description: 'a\u0000b' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_CHARACTER' });
    const q = await send({ ...o, method: 'GET' }, '/api/requests?q=%00');
    expect(q.json()).toMatchObject({ code: 'INVALID_CHARACTER' });
  });

  it('refuses a body over the limit with 413 and says so', async () => {
    const o = operations.find((x) => x.method === 'POST' && x.path === '/api/requests')!;
    const res = await send(o, '/api/requests', JSON.stringify({ description: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('refuses a write from another origin without the CSRF token (403), whatever the route', async () => {
    const failures: string[] = [];
    for (const o of operations.filter((x) => x.method !== 'GET' && !x.path.startsWith('/api/public') && !x.path.startsWith('/api/auth/') && !x.path.startsWith('/open311'))) {
      const res = await t.app.inject({
        method: o.method as 'POST', url: fill(o, '1'), headers: { cookie: sessionFor(o).cookie, origin: 'https://evil.example', 'content-type': 'application/json' }, payload: JSON.stringify(hostile(o.body ?? undefined)),
      });
      if (res.statusCode !== 403) failures.push(`${o.method} ${o.path} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
