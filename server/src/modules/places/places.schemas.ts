import { z } from 'zod';
import { placeKindSchema } from '../auth/index.ts';

export const COMPOUND_KINDS = ['commercial', 'old', 'resettlement', 'public_rental', 'commercial_building', 'mixed'] as const;
/** 商品房 / 老旧小区 / 撤村建居回迁 / 廉租房公租房 / 商业楼宇 / 混合型 */
export const compoundKindSchema = z.enum(COMPOUND_KINDS);
export const committeeTypeSchema = z.enum(['owners_committee', 'self_management_committee', 'none']);
export const COMMUNITY_CLASSES = ['urban', 'new', 'old', 'village_to_residence'] as const;
export const communityClassSchema = z.enum(COMMUNITY_CLASSES);

export const idParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const placeNodeSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: placeKindSchema,
  name: z.string(),
  code: z.string().nullable(),
  childCount: z.number(),
});

export const commissionerSchema = z.object({ personId: z.number(), name: z.string(), phoneMasked: z.string(), local: z.boolean() });

export const compoundProfileSchema = z.object({
  compoundKind: compoundKindSchema,
  buildYear: z.number().nullable(),
  householdCount: z.number(),
  propertyCompany: z.string().nullable(),
  committeeType: committeeTypeSchema,
  followMajority: z.boolean().describe('“非投票人从多数”条款：仅当管理规约或议事规则有约定时为真'),
  convention: z.string().nullable(),
  servicePoint: z.object({ address: z.string().nullable(), hours: z.string().nullable() }),
  commissioners: z.array(commissionerSchema),
});

export const communityProfileSchema = z.object({
  communityClass: communityClassSchema,
  tags: z.array(z.string()),
  playbook: z.string().nullable().describe('一社一策：该类社区的工作指引'),
});

export const placeDetailSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  kind: placeKindSchema,
  name: z.string(),
  code: z.string().nullable(),
  ancestors: z.array(z.object({ id: z.number(), kind: placeKindSchema, name: z.string() })),
  childCount: z.number(),
  compound: compoundProfileSchema.nullable(),
  community: communityProfileSchema.nullable(),
  household: z
    .object({
      exclusiveArea: z.number().nullable().describe('专有部分面积（㎡），业主表决按面积计'),
      areaSource: z.enum(['register', 'survey', 'contract']).nullable().describe('不动产登记 / 测绘 / 合同'),
    })
    .nullable(),
});

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const compoundPatchSchema = z
  .object({
    compoundKind: compoundKindSchema.optional(),
    buildYear: z.number().int().min(1900).max(2100).nullable().optional(),
    householdCount: z.number().int().min(0).max(100_000).optional(),
    propertyCompany: optionalText(100),
    committeeType: committeeTypeSchema.optional(),
    followMajority: z.boolean().optional(),
    convention: optionalText(20_000),
    servicePoint: z.object({ address: optionalText(200), hours: optionalText(100) }).partial().optional(),
  })
  .strict();
export type CompoundPatch = z.infer<typeof compoundPatchSchema>;

export const communityPatchSchema = z
  .object({
    communityClass: communityClassSchema.optional(),
    tags: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
  })
  .strict();
export type CommunityPatch = z.infer<typeof communityPatchSchema>;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(50),
  kind: placeKindSchema.optional(),
});

export const searchResultSchema = z.object({
  items: z.array(placeNodeSchema.extend({ pathNames: z.array(z.string()) })),
});

export const coverageQuerySchema = z.object({ placeId: z.coerce.number().int().positive().optional() });
export const coverageSchema = z.object({
  streets: z.array(
    z.object({
      placeId: z.number(),
      name: z.string(),
      compounds: z.number(),
      uncovered: z.number(),
      commissioners: z.number(),
      localShare: z.number().describe('本地专员占比 0..1'),
    }),
  ),
  uncovered: z.array(z.object({ placeId: z.number(), name: z.string(), communityName: z.string(), streetName: z.string() })),
});

const kindCounts = z.object(Object.fromEntries(COMPOUND_KINDS.map((k) => [k, z.number()])) as Record<(typeof COMPOUND_KINDS)[number], z.ZodNumber>);
export const compoundKindsSchema = z.object({
  place: z.object({ id: z.number(), name: z.string(), kind: placeKindSchema }),
  rows: z.array(z.object({ placeId: z.number(), name: z.string(), counts: kindCounts })),
  totals: kindCounts,
});
