import { z } from 'zod';

const levelCounts = z.object({
  streets: z.number(),
  communities: z.number(),
  compounds: z.number(),
  buildings: z.number(),
  units: z.number(),
  households: z.number(),
});

export const importQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).optional().describe('true：只校验并报告数量，不写入'),
});

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().describe('数据行数'),
  created: levelCounts.describe('新建的地点数'),
  updated: levelCounts.describe('有修改的已有地点数'),
  unchanged: levelCounts.describe('文件中出现但无需修改的已有地点数'),
});

export const importRejectedSchema = z.object({
  code: z.literal('IMPORT_REJECTED'),
  message: z.string(),
  errors: z.array(z.object({ row: z.number().describe('Excel 行号'), message: z.string() })),
  errorFileUrl: z.string().optional().describe('标注了「错误原因」列的文件；仅上传者可下载'),
});

export const errorFileParamsSchema = z.object({ id: z.string().uuid() });
