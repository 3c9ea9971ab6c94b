import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, signIn, type Session, type TestApp } from '../../../test/helpers.ts';
import { createPerson, createTree, PASSWORD } from '../../../test/factories.ts';
import { open311Face } from '../requests/index.ts';
import { escapeXml, toXml } from './xml.ts';

/**
 * A client written from the GeoReport v2 specification alone: discovery → services → a service definition → post
 * a request with an api_key (form-encoded and JSON) → read it back by token and by id, in JSON and XML.
 */

// A tiny XML reader (no regular expressions), enough to check the documents are well-formed and find elements.
type XmlNode = { name: string; children: XmlNode[]; text: string };
function parseXml(src: string): XmlNode {
  let i = 0;
  const decode = (s: string) => s.split('&lt;').join('<').split('&gt;').join('>').split('&quot;').join('"').split('&apos;').join("'").split('&amp;').join('&');
  const skipDeclaration = () => {
    if (src.startsWith('<?', i)) i = src.indexOf('?>', i) + 2;
  };
  const skipSpace = () => {
    while (i < src.length && ' \n\r\t'.includes(src[i]!)) i++;
  };
  const readElement = (): XmlNode => {
    if (src[i] !== '<') throw new Error(`expected < at ${i}`);
    const nameEnd = Math.min(...['>', '/'].map((c) => src.indexOf(c, i)).filter((n) => n >= 0));
    const name = src.slice(i + 1, nameEnd);
    if (src.startsWith('/>', nameEnd)) {
      i = nameEnd + 2;
      return { name, children: [], text: '' };
    }
    i = nameEnd + 1;
    const node: XmlNode = { name, children: [], text: '' };
    for (;;) {
      if (src.startsWith(`</${name}>`, i)) {
        i += name.length + 3;
        return node;
      }
      if (i >= src.length) throw new Error(`unclosed <${name}>`);
      if (src[i] === '<') node.children.push(readElement());
      else {
        const next = src.indexOf('<', i);
        node.text += decode(src.slice(i, next));
        i = next;
      }
    }
  };
  skipDeclaration();
  skipSpace();
  const root = readElement();
  skipSpace();
  if (i !== src.length) throw new Error('content after the root element');
  return root;
}
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const childText = (n: XmlNode, name: string) => child(n, name)?.text;

let t: TestApp;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: Session;
let commissioner: Session;
let resident: Session;
let apiKey: string;
let keyId: number;
const DISTRICT = 'T-D';
const V2 = '/open311/v2';

// Canaries: if any of these appears in an Open311 answer, personal data leaked.
const CANARY = {
  residentName: '居民金丝雀',
  residentPhone: '13912340001',
  commissionerName: '专员金丝雀',
  adminName: '区管金丝雀',
  propertyName: '物业金丝雀',
  reporterEmail: 'canary-reporter@example.org',
  reporterFirst: 'Canaryfirst',
  reporterLast: 'Canarylast',
  reporterPhone: '13955550002',
};
const open311Bodies: string[] = [];

async function call(method: 'GET' | 'POST', url: string, init: { form?: Record<string, string>; json?: unknown } = {}): Promise<LightMyRequestResponse> {
  const res = await t.app.inject({
    method,
    url,
    ...(init.form ? { payload: new URLSearchParams(init.form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    ...(init.json !== undefined ? { payload: init.json as object } : {}),
  });
  open311Bodies.push(res.body);
  return res;
}

beforeAll(async () => {
  t = await buildTestApp();
  tree = await createTree(t.deps);
  const p = tree.places;
  const mk = async (name: string, roles: Parameters<typeof createPerson>[3], phone?: string) =>
    (await createPerson(t.deps, tree.districtId, name, roles, phone ? { phone } : {})).phone;
  const phones = {
    admin: await mk(CANARY.adminName, [{ role: 'district_admin', place: p.D! }]),
    commissioner: await mk(CANARY.commissionerName, [{ role: 'commissioner', place: p.A! }]),
    resident: await mk(CANARY.residentName, [{ role: 'resident', place: p['A-h1']! }], CANARY.residentPhone),
  };
  await mk(CANARY.propertyName, [{ role: 'property_staff', place: p.A! }]);
  admin = await signIn(t.app, phones.admin, PASSWORD);
  commissioner = await signIn(t.app, phones.commissioner, PASSWORD);
  resident = await signIn(t.app, phones.resident, PASSWORD);
});
afterAll(() => t.close());

describe('API keys (workbench)', () => {
  it('a district admin issues a key, shown once; lists show a prefix only', async () => {
    const created = await as(t.app, admin).post('/api/open311/keys', { name: '市民热线对接' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ name: '市民热线对接', revokedAt: null, lastUsedAt: null });
    expect(body.key).toMatch(/^gz311_[\w-]{43}$/);
    apiKey = body.key;
    keyId = body.id;
    const list = await as(t.app, admin).get('/api/open311/keys');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(apiKey);
    expect(list.json()).toEqual([expect.objectContaining({ id: keyId, keyPrefix: apiKey.slice(0, 10), createdBy: CANARY.adminName })]);
    // Only the hash is stored.
    const rows = await t.deps.db.selectFrom('open311_api_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(apiKey);
  });

  it('others may not issue keys', async () => {
    expect((await as(t.app, commissioner).post('/api/open311/keys', { name: 'x' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/open311/keys' })).statusCode).toBe(401);
  });
});

describe('GeoReport v2, as a client reads the specification', () => {
  let formId: number;
  let formToken: string;

  it('discovery names the endpoint and its formats', async () => {
    const res = await call('GET', `${V2}/discovery.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const endpoint = res.json().endpoints[0];
    expect(endpoint.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(endpoint.url).toMatch(/\/open311\/v2$/);
    expect(endpoint.formats).toEqual(['text/xml', 'application/json']);
    const xml = await call('GET', `${V2}/discovery.xml`);
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const doc = parseXml(xml.body);
    expect(doc.name).toBe('discovery');
    const formats = child(child(child(doc, 'endpoints')!, 'endpoint')!, 'formats')!;
    expect(formats.children.map((f) => [f.name, f.text])).toEqual([['format', 'text/xml'], ['format', 'application/json']]);
  });

  it('services: one per active category of the district', async () => {
    const res = await call('GET', `${V2}/services.json?jurisdiction_id=${DISTRICT}`);
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.length).toBeGreaterThanOrEqual(12);
    expect(list.find((s: { service_code: string }) => s.service_code === 'repairs')).toEqual({
      service_code: 'repairs', service_name: '报修（共用部位、设施）', description: expect.stringContaining('30分钟内响应'),
      metadata: false, type: 'realtime', keywords: expect.stringContaining('Repairs'), group: '物业',
    });
    const doc = parseXml((await call('GET', `${V2}/services.xml`)).body);
    expect(doc.name).toBe('services');
    expect(doc.children.every((c) => c.name === 'service')).toBe(true);
    const repairs = doc.children.find((c) => childText(c, 'service_code') === 'repairs')!;
    expect(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'].every((n) => child(repairs, n))).toBe(true);
    expect(childText(repairs, 'metadata')).toBe('false');
  });

  it('a service definition lists the optional attributes; an unknown code is 404', async () => {
    const res = await call('GET', `${V2}/services/repairs.json?jurisdiction_id=${DISTRICT}`);
    expect(res.statusCode).toBe(200);
    const def = res.json();
    expect(def.service_code).toBe('repairs');
    const type = def.attributes.find((a: { code: string }) => a.code === 'type');
    expect(type).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: false, order: 1 });
    expect(type.values.map((v: { name: string }) => v.name)).toEqual(['咨询', '求助', '投诉', '举报', '建议']);
    const xml = parseXml((await call('GET', `${V2}/services/repairs.xml`)).body);
    expect(xml.name).toBe('service_definition');
    const attrs = child(xml, 'attributes')!.children;
    expect(attrs.every((a) => a.name === 'attribute')).toBe(true);
    expect(child(attrs[0]!, 'values')!.children.map((v) => childText(v, 'key'))).toEqual(['enquiry', 'help', 'complaint', 'report', 'suggestion']);

    const missing = await call('GET', `${V2}/services/no_such_service.json`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('no_such_service') }]);
  });

  it('POST a request form-encoded: created at once, with its id and a token', async () => {
    const res = await call('POST', `${V2}/requests.json`, {
      form: {
        api_key: apiKey, jurisdiction_id: DISTRICT, service_code: 'repairs', address_id: String(tree.places.A!.id),
        description: '2幢楼道灯坏了 & 门禁失灵 <急>', 'attribute[type]': 'complaint',
        email: CANARY.reporterEmail, first_name: CANARY.reporterFirst, last_name: CANARY.reporterLast, phone: CANARY.reporterPhone,
      },
    });
    expect(res.statusCode).toBe(201);
    const [created] = res.json();
    expect(created).toMatchObject({ service_request_id: expect.any(Number), token: expect.any(String) });
    formId = created.service_request_id;
    formToken = created.token;
  });

  it('POST a request as JSON, the compound by its code, answered in XML', async () => {
    const res = await call('POST', `${V2}/requests.xml`, {
      json: { api_key: apiKey, service_code: 'noise', address_id: 'T-B', description: '广场舞音响太大，联系我 13812345678', attribute: { type: '建议', urgency: 'urgent' } },
    });
    expect(res.statusCode).toBe(201);
    const doc = parseXml(res.body);
    expect(doc.name).toBe('service_requests');
    const request = child(doc, 'request')!;
    expect(childText(request, 'service_request_id')).toMatch(/^\d+$/);
    expect(childText(request, 'token')).toBeTruthy();
    const row = await t.deps.db.selectFrom('requests').selectAll().where('id', '=', Number(childText(request, 'service_request_id'))).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ compound_id: tree.places.B!.id, type: 'suggestion', urgency: 'urgent', channel: 'open311', resident_id: null });
    // Published with the phone number in the free text masked.
    const read = (await call('GET', `${V2}/requests/${row.id}.json`)).json()[0];
    expect(read.description).toBe('广场舞音响太大，联系我 138****5678');
  });

  it('reads the request back by token and by id, in JSON and XML', async () => {
    const byToken = await call('GET', `${V2}/tokens/${formToken}.json`);
    expect(byToken.statusCode).toBe(200);
    expect(byToken.json()).toEqual([{ service_request_id: formId, token: formToken }]);
    const tokenXml = parseXml((await call('GET', `${V2}/tokens/${formToken}.xml`)).body);
    expect(childText(child(tokenXml, 'request')!, 'service_request_id')).toBe(String(formId));

    const res = await call('GET', `${V2}/requests/${formId}.json?jurisdiction_id=${DISTRICT}`);
    expect(res.statusCode).toBe(200);
    const [r] = res.json();
    expect(r).toMatchObject({
      service_request_id: formId, status: 'open', status_notes: '诉求已提交，等待小区专员受理', service_name: '报修（共用部位、设施）', service_code: 'repairs',
      description: '2幢楼道灯坏了 & 门禁失灵 <急>', agency_responsible: '小区专员', address: 'A小区', address_id: String(tree.places.A!.id),
      requested_datetime: '2026-11-23T02:00:00Z', updated_datetime: '2026-11-23T02:00:00Z',
    });
    // Half an hour to respond, two days to resolve (calendar time).
    expect(r.expected_datetime).toBe('2026-11-25T02:00:00Z');
    expect(Object.keys(r).sort()).toEqual(['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime']);

    const xml = await call('GET', `${V2}/requests/${formId}.xml`);
    expect(xml.body).toContain('<description>2幢楼道灯坏了 &amp; 门禁失灵 &lt;急&gt;</description>');
    const request = child(parseXml(xml.body), 'request')!;
    expect(childText(request, 'description')).toBe('2幢楼道灯坏了 & 门禁失灵 <急>');
    expect(childText(request, 'status')).toBe('open');
    expect(childText(request, 'address')).toBe('A小区');
  });

  it('follows the work in public words: accepted, then assigned to the property company', async () => {
    const c = as(t.app, commissioner);
    expect((await c.post(`/api/requests/${formId}/accept`, { note: `${CANARY.commissionerName}已电话联系${CANARY.residentName}` })).statusCode).toBe(200);
    let [r] = (await call('GET', `${V2}/requests/${formId}.json`)).json();
    expect(r).toMatchObject({ status: 'open', status_notes: '小区专员已受理' });
    expect((await c.post(`/api/requests/${formId}/assign`, { party: 'property', note: `交给${CANARY.propertyName}` })).statusCode).toBe(200);
    [r] = (await call('GET', `${V2}/requests/${formId}.json`)).json();
    expect(r).toMatchObject({ status: 'open', status_notes: '已派单给责任方', agency_responsible: '物业' });
    // The staff queue still reads, with the new channel.
    const queue = await c.get('/api/requests');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.find((i: { id: number }) => i.id === formId).channel).toBe('open311');
  });

  it('GET requests: filters by ids, service, status and dates; a resident\'s own text is not published', async () => {
    const raised = await t.app.inject({
      method: 'POST', url: '/api/me/requests',
      headers: { cookie: resident.cookie, 'x-csrf-token': resident.csrf },
      payload: { compoundId: tree.places.A!.id, categoryId: (await t.deps.db.selectFrom('request_categories').select('id').where('code', '=', 'lifts').executeTakeFirstOrThrow()).id, type: 'help', description: `我是${CANARY.residentName}，电话${CANARY.residentPhone}，电梯停了` },
    });
    expect(raised.statusCode).toBe(201);
    const residentRequest = raised.json().id;

    const all = (await call('GET', `${V2}/requests.json?jurisdiction_id=${DISTRICT}`)).json();
    expect(all.map((r: { service_request_id: number }) => r.service_request_id)).toContain(residentRequest);
    const mine = all.find((r: { service_request_id: number }) => r.service_request_id === residentRequest);
    expect(mine).toMatchObject({ service_code: 'lifts', description: null, status: 'open' });

    const two = (await call('GET', `${V2}/requests.json?service_request_id=${formId},${residentRequest}&status=closed`)).json();
    expect(two.map((r: { service_request_id: number }) => r.service_request_id).sort()).toEqual([formId, residentRequest].sort());
    expect((await call('GET', `${V2}/requests.json?service_code=lifts`)).json()).toHaveLength(1);
    expect((await call('GET', `${V2}/requests.json?status=closed`)).json()).toEqual([]);
    expect((await call('GET', `${V2}/requests.json?status=open,closed`)).json()).toHaveLength(3);
    expect((await call('GET', `${V2}/requests.json?start_date=2026-11-24T00:00:00%2B08:00`)).json()).toEqual([]);
    expect((await call('GET', `${V2}/requests.json?start_date=2026-11-01&end_date=2026-11-23`)).json()).toHaveLength(3);
    // The default window is the last 90 days.
    t.clock.advance(91 * 24 * 3600 * 1000);
    expect((await call('GET', `${V2}/requests.json`)).json()).toEqual([]);
    t.clock.advance(-91 * 24 * 3600 * 1000);

    const badDate = await call('GET', `${V2}/requests.xml?start_date=yesterday`);
    expect(badDate.statusCode).toBe(400);
    expect(parseXml(badDate.body).children.map((e) => childText(e, 'code'))).toEqual(['400']);
  });

  it('errors as the specification writes them: 403 bad api_key, 400 missing parameters, 404 unknown ids', async () => {
    const good = { api_key: apiKey, service_code: 'repairs', address_id: String(tree.places.A!.id), description: '路灯不亮' };

    const badKey = await call('POST', `${V2}/requests.json`, { form: { ...good, api_key: 'gz311_not-a-real-key' } });
    expect(badKey.statusCode).toBe(403);
    expect(badKey.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const noKeyXml = await call('POST', `${V2}/requests.xml`, { form: { service_code: 'repairs' } });
    expect(noKeyXml.statusCode).toBe(403);
    const errors = parseXml(noKeyXml.body);
    expect(errors.name).toBe('errors');
    expect(childText(child(errors, 'error')!, 'code')).toBe('403');
    expect(childText(child(errors, 'error')!, 'description')).toContain('api_key');

    const { service_code: _omit, ...noCode } = good;
    const missingCode = await call('POST', `${V2}/requests.json`, { form: noCode });
    expect(missingCode.statusCode).toBe(400);
    expect(missingCode.json()).toEqual([{ code: 400, description: 'service_code was not provided' }]);

    // The form encoding with a charset parameter, as browsers send it.
    const withCharset = await t.app.inject({
      method: 'POST', url: `${V2}/requests.json`, payload: new URLSearchParams(noCode).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    });
    expect(withCharset.statusCode).toBe(400);
    expect(withCharset.json()).toEqual([{ code: 400, description: 'service_code was not provided' }]);

    const { address_id: _a, ...noPlace } = good;
    const latLong = await call('POST', `${V2}/requests.json`, { form: { ...noPlace, lat: '30.27', long: '120.15' } });
    expect(latLong.statusCode).toBe(400);
    expect(latLong.json()[0].description).toContain('address_id is required');
    expect((await call('POST', `${V2}/requests.json`, { form: noPlace })).statusCode).toBe(400);
    expect((await call('POST', `${V2}/requests.json`, { form: { ...good, address_id: String(tree.places.S1!.id) } })).statusCode).toBe(400);
    expect((await call('POST', `${V2}/requests.json`, { form: { ...good, service_code: 'nope' } })).statusCode).toBe(400);
    expect((await call('POST', `${V2}/requests.json`, { form: { ...good, jurisdiction_id: 'OTHER' } })).statusCode).toBe(400);

    for (const url of [`${V2}/requests/999999.json`, `${V2}/requests/abc.json`, `${V2}/tokens/nope.json`]) {
      const res = await call('GET', url);
      expect(res.statusCode).toBe(404);
      expect(res.json()[0].code).toBe(404);
    }
    const xml404 = await call('GET', `${V2}/requests/999999.xml`);
    expect(xml404.statusCode).toBe(404);
    expect(childText(child(parseXml(xml404.body), 'error')!, 'code')).toBe('404');
    expect((await call('GET', `${V2}/requests/1.html`)).statusCode).toBe(404);
    expect((await call('GET', `${V2}/services.json?jurisdiction_id=NOWHERE`)).statusCode).toBe(404);
  });

  it('a revoked key is refused', async () => {
    const revoked = await as(t.app, admin).delete(`/api/open311/keys/${keyId}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBeTruthy();
    const res = await call('POST', `${V2}/requests.json`, { form: { api_key: apiKey, service_code: 'repairs', address_id: 'T-A', description: '再报一次' } });
    expect(res.statusCode).toBe(403);
  });

  it('no answer carries a name or phone, and nothing the reporter sent about themselves is stored', async () => {
    expect(open311Bodies.length).toBeGreaterThan(30);
    const everything = open311Bodies.join('\n');
    for (const canary of Object.values(CANARY)) expect(everything).not.toContain(canary);
    // The requests came from the key's system person, with no resident attached.
    const requests = await t.deps.db.selectFrom('requests').select(['raised_by', 'resident_id']).where('channel', '=', 'open311').execute();
    const key = await t.deps.db.selectFrom('open311_api_keys').select(['person_id']).where('id', '=', keyId).executeTakeFirstOrThrow();
    expect(requests.every((r) => r.raised_by === key.person_id && r.resident_id === null)).toBe(true);
    const person = await t.deps.db.selectFrom('people').select(['name', 'password_hash']).where('id', '=', key.person_id).executeTakeFirstOrThrow();
    expect(person).toEqual({ name: 'Open311：市民热线对接', password_hash: null });
    const stored = JSON.stringify(await Promise.all([
      t.deps.db.selectFrom('requests').selectAll().execute(),
      t.deps.db.selectFrom('request_events').selectAll().execute(),
      t.deps.db.selectFrom('audit_log').selectAll().execute(),
      t.deps.db.selectFrom('notifications').selectAll().execute(),
      t.deps.db.selectFrom('domain_events').selectAll().execute(),
    ]));
    for (const sent of [CANARY.reporterEmail, CANARY.reporterFirst, CANARY.reporterLast, CANARY.reporterPhone]) expect(stored).not.toContain(sent);
  });
});

describe('the XML writer', () => {
  it('escapes text and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(toXml('errors', [{ code: 400, description: 'a < b' }, { code: 403, description: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>a &lt; b</description></error><error><code>403</code><description/></error></errors>\n',
    );
  });
});

describe('free text before publication', () => {
  it('masks mainland mobile and ID numbers, and leaves other numbers alone', () => {
    expect(open311Face.maskContactDetails('电话13812345678，身份证33010619900101123X，3幢201室，编号123456789012')).toBe(
      '电话138****5678，身份证3301**********123X，3幢201室，编号123456789012',
    );
  });
});
