import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortedJson } from './platform/sorted-json.ts';
import { buildTestApp, type TestApp } from '../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('the platform', () => {
  it('answers health and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ status: 'ready' });
  });

  it('serves the OpenAPI document and Swagger UI from local assets', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/auth/login');
    const ui = await t.app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).not.toMatch(/https?:\/\/(?!localhost)[^"']*\.(js|css)/);
  });

  it('keeps the committed OpenAPI document current (regenerate: npx gongzhi openapi --out docs/openapi.json)', () => {
    const committed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/openapi.json');
    expect(fs.readFileSync(committed, 'utf8')).toBe(sortedJson(t.app.swagger()));
  });

  it('answers unknown API paths with a coded 404', async () => {
    const res = await t.app.inject({ url: '/api/nope', headers: { 'accept-language': 'en-US' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining('Not found') });
  });
});
