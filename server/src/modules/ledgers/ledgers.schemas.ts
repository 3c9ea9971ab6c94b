import { z } from 'zod';
import { LEDGER_NAMES } from './ledger-definitions.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('北京时间日期 YYYY-MM-DD');

export const createExportBodySchema = z
  .object({
    ledger: z.enum(LEDGER_NAMES).describe('requests 诉求台账 · errands 特殊群体代办台账 · volunteer_activities 志愿服务活动台账 · wishes 微心愿台账 · projects 项目台账 · deliberation_minutes 议事协商记录台账 · funds 资金台账'),
    placeId: z.number().int().positive(),
    from: day,
    to: day,
    format: z.enum(['xlsx', 'pdf']).default('xlsx'),
    reveal: z.boolean().default(false).describe('不遮蔽姓名与电话（需有查看个人信息权限；记入审计）'),
  })
  .strict();
export type CreateExportInput = z.infer<typeof createExportBodySchema>;

export const exportSchema = z.object({
  id: z.string(),
  ledger: z.string(),
  title: z.string(),
  format: z.enum(['xlsx', 'pdf']),
  placeId: z.number(),
  from: day,
  to: day,
  reveal: z.boolean(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  rowsDone: z.number(),
  rowsTotal: z.number().nullable(),
  fileName: z.string().nullable(),
  downloadUrl: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export const exportListSchema = z.object({ items: z.array(exportSchema) });
export const exportIdParams = z.object({ id: z.string().regex(/^[\w-]{16,64}$/) });
