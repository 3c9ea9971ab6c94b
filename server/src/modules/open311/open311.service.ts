import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/messages.ts';
import { open311Face } from '../requests/index.ts';
import { authenticateKey, findToken, recordToken } from './open311-keys.service.ts';
import type { XmlValue } from './xml.ts';

/**
 * GeoReport v2 (wiki.open311.org/GeoReport_v2) over the requests module's Open311 face. Every function returns the
 * document as the specification names its fields; the routes write it as JSON or XML. Personal data never passes:
 * the reporter's email, name and phone are accepted and dropped, and answers carry public fields only.
 */
export type Doc = { root: string; body: XmlValue };

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery's changeset). */
const CHANGESET = '2026-11-23T00:00:00Z';
const DAY_MS = 24 * 3600 * 1000;
export const MAX_RESULTS = 1000;
const DEFAULT_WINDOW_DAYS = 90;

const w3c = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const bad = (description: string) => new AppError('VALIDATION_FAILED', {}, { description });

type Params = Record<string, unknown>;
/** A parameter as text: form bodies give strings, JSON may give numbers; empty counts as absent. */
function param(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw bad(`${name} must be a single value`);
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** attribute[code] as the form encoding writes it, or {"attribute": {"code": …}} in JSON. */
function attribute(p: Params, code: string): string | undefined {
  const nested = p.attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    const v = param(nested as Params, code);
    if (v !== undefined) return v;
  }
  return param(p, `attribute[${code}]`);
}

export function discovery(baseUrl: string): Doc {
  return {
    root: 'discovery',
    body: {
      changeset: CHANGESET,
      contact: '共治 Gongzhi：请联系所在区的区管理员（district administrator）',
      key_service: '区管理员在工作台“开放接口密钥”中签发 api_key（POST /api/open311/keys），或运维人员执行 gongzhi open311 key create',
      endpoints: [{ specification: SPEC, url: `${baseUrl}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
    },
  };
}

const minutes = (m: number, working: boolean, locale: Locale) => {
  const text = m % 1440 === 0 ? (locale === 'en-US' ? `${m / 1440} d` : `${m / 1440}天`) : m % 60 === 0 ? (locale === 'en-US' ? `${m / 60} h` : `${m / 60}小时`) : locale === 'en-US' ? `${m} min` : `${m}分钟`;
  return working ? (locale === 'en-US' ? `${text} (working time)` : `${text}（工作时间）`) : text;
};

export async function services(deps: Deps, jurisdictionId: string | undefined, locale: Locale): Promise<Doc> {
  const district = await open311Face.open311District(deps, jurisdictionId);
  const list = await open311Face.open311Services(deps, district.id, locale);
  return {
    root: 'services',
    body: list.map((s) => ({
      service_code: s.code,
      service_name: s.name,
      description: locale === 'en-US'
        ? `${s.nameEn}: answered within ${minutes(s.responseMinutes, s.workingTime, locale)}, resolved within ${minutes(s.resolutionMinutes, s.workingTime, locale)}; usually handled by: ${s.party}`
        : `${s.nameZh}：${minutes(s.responseMinutes, s.workingTime, locale)}内响应，${minutes(s.resolutionMinutes, s.workingTime, locale)}内办结；通常由${s.party}负责`,
      metadata: false,
      type: 'realtime',
      keywords: [s.nameZh, s.nameEn, s.code].join(','),
      group: s.party,
    })),
  };
}

/** The extra fields this jurisdiction accepts; all optional (metadata is false), so a client may ignore them. */
export async function serviceDefinition(deps: Deps, jurisdictionId: string | undefined, code: string, locale: Locale): Promise<Doc> {
  const district = await open311Face.open311District(deps, jurisdictionId);
  const list = await open311Face.open311Services(deps, district.id, locale);
  if (!list.some((s) => s.code === code)) throw new AppError('NOT_FOUND', {}, { description: `service_code ${code} not found` });
  const en = locale === 'en-US';
  return {
    root: 'service_definition',
    body: {
      service_code: code,
      attributes: [
        {
          variable: true, code: 'type', datatype: 'singlevaluelist', required: false,
          datatype_description: en ? 'One of the five kinds of work order; default: help' : '工单类型（五类之一），默认“求助”',
          order: 1, description: en ? 'Kind of request' : '诉求类型',
          values: Object.entries(open311Face.REQUEST_TYPE_NAMES).map(([key, n]) => ({ key, name: en ? n.en : n.zh })),
        },
        {
          variable: true, code: 'urgency', datatype: 'singlevaluelist', required: false,
          datatype_description: en ? 'Urgent matters run on calendar time at half the limits' : '紧急诉求按自然时间、时限减半',
          order: 2, description: en ? 'Urgency' : '紧急程度',
          values: [{ key: 'normal', name: en ? 'Normal' : '一般' }, { key: 'urgent', name: en ? 'Urgent' : '紧急' }],
        },
        {
          variable: false, code: 'location', datatype: 'string', required: false, datatype_description: null, order: 3,
          description: en
            ? 'Give the compound as address_id: its place id or its code. lat/long and address_string are not accepted (no geocoding).'
            : '地点请用 address_id 填写小区的地点编号或小区代码；不支持经纬度和地址文本（不做地理编码）。',
        },
      ],
    },
  };
}

const TYPE_BY_NAME: Record<string, string> = Object.fromEntries(
  Object.entries(open311Face.REQUEST_TYPE_NAMES).flatMap(([key, n]) => [[key, key], [n.zh, key], [n.en.toLowerCase(), key]]),
);

/**
 * POST requests: api_key first (403), then the service (400), the location (400), the description (400). Created at
 * once: the answer carries both the service_request_id and a token.
 */
export async function postRequest(deps: Deps, body: Params, ip: string | null): Promise<Doc> {
  const key = await authenticateKey(deps, param(body, 'api_key'));
  const district = await open311Face.open311DistrictById(deps, key.districtId);
  const jurisdiction = param(body, 'jurisdiction_id');
  if (jurisdiction !== undefined && jurisdiction !== district.code) throw bad(`jurisdiction_id ${jurisdiction} does not match this api_key's district`);
  const serviceCode = param(body, 'service_code');
  if (!serviceCode) throw bad('service_code was not provided');
  const addressId = param(body, 'address_id');
  if (!addressId) {
    const located = param(body, 'lat') !== undefined || param(body, 'long') !== undefined || param(body, 'address_string') !== undefined;
    throw bad(located
      ? 'address_id is required: lat/long and address_string are not supported here (no geocoding); give the compound place id or code'
      : 'a location was not provided: give address_id (the compound place id or code)');
  }
  const description = param(body, 'description');
  if (!description) throw bad('description was not provided');
  if (description.length > 2000) throw bad('description is longer than 2000 characters');
  const typeValue = attribute(body, 'type');
  const type = typeValue === undefined ? 'help' : TYPE_BY_NAME[typeValue.toLowerCase()] ?? TYPE_BY_NAME[typeValue];
  if (!type) throw bad(`attribute[type] must be one of ${Object.keys(open311Face.REQUEST_TYPE_NAMES).join(', ')}`);
  const urgency = attribute(body, 'urgency') ?? 'normal';
  if (urgency !== 'normal' && urgency !== 'urgent') throw bad('attribute[urgency] must be normal or urgent');
  // email, first_name, last_name, phone, device_id and account_id are deliberately not read: nothing personal is kept.
  const id = await open311Face.raiseFromOpen311(deps, { personId: key.personId, districtId: district.id, keyId: key.keyId, ip }, {
    serviceCode, compoundRef: addressId, description, type: type as open311Face.Open311Raise['type'], urgency,
  });
  const token = await recordToken(deps, { districtId: district.id, keyId: key.keyId, requestId: id });
  return { root: 'service_requests', body: [{ service_request_id: id, token, service_notice: null, account_id: null }] };
}

function requestDoc(r: open311Face.PublicRequest): XmlValue {
  return {
    service_request_id: r.id,
    status: r.status,
    status_notes: r.statusNote,
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: w3c(r.requestedAt),
    updated_datetime: w3c(r.updatedAt),
    expected_datetime: r.expectedAt ? w3c(r.expectedAt) : null,
    address: r.compoundName,
    address_id: String(r.compoundId),
  };
}

/** W3C date-times with a zone; a bare date is that day in China Standard Time (its start, or its end for end_date). */
function parseDate(name: string, value: string | undefined, end: boolean): Date | undefined {
  if (value === undefined) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const d = dateOnly ? new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}+08:00`) : full ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw bad(`${name} must be a W3C date-time with a time zone, e.g. 2026-11-23T08:00:00+08:00`);
  return d;
}

const ID = /^\d{1,15}$/;

export async function getRequests(deps: Deps, q: Params, locale: Locale): Promise<Doc> {
  const district = await open311Face.open311District(deps, param(q, 'jurisdiction_id'));
  const idList = param(q, 'service_request_id');
  let query: open311Face.PublicRequestQuery;
  if (idList) {
    // Several ids: the other filters are ignored, as the specification says.
    const ids = idList.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.every((s) => ID.test(s))) throw bad('service_request_id must be a comma-separated list of ids');
    query = { ids: [...new Set(ids.map(Number))].slice(0, MAX_RESULTS), limit: MAX_RESULTS };
  } else {
    const to = parseDate('end_date', param(q, 'end_date'), true);
    const from = parseDate('start_date', param(q, 'start_date'), false) ?? new Date((to ?? deps.clock.now()).getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
    if (to && from > to) throw bad('start_date is after end_date');
    const statusParam = param(q, 'status');
    const status = statusParam?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (status && !status.every((s) => s === 'open' || s === 'closed')) throw bad('status must be open, closed, or both comma-separated');
    query = { serviceCode: param(q, 'service_code'), from, to, status: status as ('open' | 'closed')[] | undefined, limit: MAX_RESULTS };
  }
  const list = await open311Face.open311Requests(deps, district.id, query, locale);
  return { root: 'service_requests', body: list.map(requestDoc) };
}

export async function getRequest(deps: Deps, q: Params, id: string, locale: Locale): Promise<Doc> {
  const district = await open311Face.open311District(deps, param(q, 'jurisdiction_id'));
  if (!ID.test(id)) throw new AppError('NOT_FOUND', {}, { description: `service_request_id ${id} not found` });
  const r = await open311Face.open311Request(deps, district.id, Number(id), locale);
  return { root: 'service_requests', body: [requestDoc(r)] };
}

export async function getToken(deps: Deps, q: Params, token: string): Promise<Doc> {
  const district = await open311Face.open311District(deps, param(q, 'jurisdiction_id'));
  const found = /^[\w-]{1,64}$/.test(token) ? await findToken(deps, district.id, token) : undefined;
  if (!found) throw new AppError('NOT_FOUND', {}, { description: `token ${token.slice(0, 64)} not found` });
  return { root: 'service_requests', body: [{ service_request_id: found.request_id, token: found.token }] };
}
