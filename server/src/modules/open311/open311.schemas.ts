import { z } from 'zod';

// Workbench: API keys --------------------------------------------------------------------------------------------

export const open311KeySchema = z.object({
  id: z.number(),
  name: z.string(),
  keyPrefix: z.string().describe('密钥前几位，便于辨认'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type Open311Key = z.infer<typeof open311KeySchema>;

export const createKeyBodySchema = z.object({ name: z.string().trim().min(1).max(40) }).strict();
export const createdKeySchema = open311KeySchema.extend({ key: z.string().describe('完整密钥，仅此一次显示') });
export const keyIdParams = z.object({ id: z.coerce.number().int().positive() });

// The GeoReport v2 face (documentation; the handlers check the parameters themselves and answer in Open311's error format)

const optional = z.string().optional();

export const formatParams = z.object({ format: z.enum(['json', 'xml']) });
export const jurisdictionQuery = z.object({ jurisdiction_id: optional.describe('区代码（只有一个区时可省略）') });

export const requestsQuery = z.object({
  jurisdiction_id: optional.describe('区代码'),
  service_request_id: optional.describe('逗号分隔的诉求编号；给出时忽略其他条件'),
  service_code: optional,
  start_date: optional.describe('W3C 日期时间，默认为90天前'),
  end_date: optional.describe('W3C 日期时间'),
  status: optional.describe('open、closed，或逗号分隔'),
});

const scalar = z.union([z.string(), z.number(), z.boolean()]).optional();

export const postRequestBody = z
  .object({
    api_key: scalar,
    jurisdiction_id: scalar,
    service_code: scalar,
    address_id: scalar.describe('小区的地点编号或小区代码'),
    lat: scalar.describe('不支持（无地理编码）'),
    long: scalar.describe('不支持（无地理编码）'),
    address_string: scalar.describe('不支持（无地理编码）'),
    description: scalar,
    'attribute[type]': scalar.describe('enquiry 咨询 | help 求助 | complaint 投诉 | report 举报 | suggestion 建议'),
    'attribute[urgency]': scalar.describe('normal | urgent'),
    email: scalar.describe('不保存'),
    first_name: scalar.describe('不保存'),
    last_name: scalar.describe('不保存'),
    phone: scalar.describe('不保存'),
    device_id: scalar.describe('不保存'),
    account_id: scalar.describe('不保存'),
    media_url: scalar.describe('不支持'),
  })
  .catchall(z.unknown())
  .describe('application/x-www-form-urlencoded（规范用法）或 JSON');
