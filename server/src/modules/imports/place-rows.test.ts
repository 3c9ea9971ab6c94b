import { describe, expect, it } from 'vitest';
import { planImport, type ExistingTree } from './place-plan.ts';
import { validateRow, validateRows, type RawRow } from './place-rows.ts';
import { rowErrorText } from './row-messages.ts';

const raw = (row: number, values: RawRow['values']): RawRow => ({ row, values });
const compound = { street: '一街道', community: '甲社区', compound: '阳光花园' };

describe('validateRow', () => {
  it('accepts a compound row and maps the dropdown labels to stored values', () => {
    const r = validateRow(raw(2, { ...compound, communityClass: '撤村建居', compoundKind: '廉租房公租房', committeeType: '自管会', buildYear: '1998', compoundCode: 'Q1' }), 2026);
    expect(r.problems).toEqual([]);
    expect(r.row).toMatchObject({ communityClass: 'village_to_residence', compoundKind: 'public_rental', committeeType: 'self_management_committee', buildYear: 1998, compoundCode: 'Q1', household: null });
  });

  it('accepts a household row with area and source, rounding the area to cents', () => {
    const r = validateRow(raw(3, { ...compound, building: '1幢', unit: '1单元', household: '101', area: '89.456', areaSource: '测绘' }), 2026);
    expect(r.row?.household).toEqual({ building: '1幢', unit: '1单元', name: '101', area: 89.46, areaSource: 'survey' });
  });

  it('names every problem of a row', () => {
    const r = validateRow(raw(4, { street: '一街道', compoundKind: '别墅', buildYear: '2030', building: '1幢', area: '0' }), 2026);
    expect(r.row).toBeNull();
    const text = rowErrorText({ row: 4, problems: r.problems }, 'zh-CN');
    expect(text).toBe('社区不能为空；小区不能为空；小区类型「别墅」无效，可选：商品房、老旧小区、撤村建居回迁、廉租房公租房、商业楼宇、混合型；建成年份应为 1900 至 2026 之间的整数；专有面积应为大于 0 且不超过 10000 的数字；登记户时楼栋、单元、户号须同时填写（缺少：单元、户号/门牌）');
    expect(rowErrorText({ row: 4, problems: r.problems }, 'en-US')).toContain('Community is required; Compound is required; Compound type "别墅" is not valid');
  });

  it.each([
    ['1899', false], ['1900', true], ['2026', true], ['2027', false], ['19a8', false], ['1998.5', false],
  ])('build year %s → valid %s', (year, ok) => {
    expect(validateRow(raw(2, { ...compound, buildYear: year }), 2026).problems.length === 0).toBe(ok);
  });

  it.each([
    ['10000', true], ['10000.01', false], ['-1', false], ['abc', false], ['0.01', true], ['88㎡', true],
  ])('area %s → valid %s', (area, ok) => {
    expect(validateRow(raw(2, { ...compound, building: '1', unit: '1', household: '1', area }), 2026).problems.length === 0).toBe(ok);
  });

  it('refuses area on a compound row and over-long names', () => {
    expect(validateRow(raw(2, { ...compound, area: '80' }), 2026).problems.map((p) => p.key)).toEqual(['householdOnly']);
    expect(validateRow(raw(2, { ...compound, compound: '长'.repeat(101) }), 2026).problems.map((p) => p.key)).toEqual(['tooLong']);
  });
});

describe('validateRows (rows against each other)', () => {
  it('finds duplicate households, conflicting compound fields and a code reused for two compounds', () => {
    const h = { ...compound, building: '1幢', unit: '1单元', household: '101' };
    const { rows, errors } = validateRows(
      [
        raw(2, { ...compound, compoundKind: '商品房', compoundCode: 'Q1' }),
        raw(3, h),
        raw(4, h),
        raw(5, { ...compound, compoundKind: '老旧小区' }),
        raw(6, { ...compound, compound: '月亮湾', compoundCode: 'Q1', compoundKind: '商品房' }),
      ],
      2026,
    );
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(errors.map((e) => [e.row, e.problems.map((p) => p.key)])).toEqual([
      [4, ['duplicateHousehold']],
      [5, ['conflict']],
      [6, ['codeReusedInFile']],
    ]);
    expect(rowErrorText(errors[1]!, 'zh-CN')).toBe('小区类型与第 2 行填写的不一致');
  });
});

describe('planImport', () => {
  const tree: ExistingTree = {
    district: { id: 1, path: '/1/' },
    places: [
      { id: 1, parentId: null, kind: 'district', name: '区', code: 'D', path: '/1/' },
      { id: 2, parentId: 1, kind: 'street', name: '一街道', code: null, path: '/1/2/' },
      { id: 3, parentId: 2, kind: 'community', name: '甲社区', code: null, path: '/1/2/3/' },
      { id: 4, parentId: 3, kind: 'compound', name: '阳光花园', code: 'Q1', path: '/1/2/3/4/' },
    ],
    communityClasses: new Map([[3, 'urban']]),
    compoundProfiles: new Map([[4, { compoundKind: 'commercial', buildYear: 2000, propertyCompany: null, committeeType: 'none', servicePointAddress: null, servicePointHours: null }]]),
    households: new Map(),
  };

  it('matches existing places, creates the missing levels in order and counts both', () => {
    const { rows } = validateRows([raw(2, { ...compound, buildYear: '2001', building: '1幢', unit: '1单元', household: '101' })], 2026);
    const { plan, errors } = planImport(rows, tree);
    expect(errors).toEqual([]);
    expect(plan.creates.map((c) => [c.kind, c.name, c.parent])).toEqual([
      ['building', '1幢', { id: 4, path: '/1/2/3/4/' }],
      ['unit', '1单元', { created: 0 }],
      ['household', '101', { created: 1 }],
    ]);
    expect(plan.compoundUpdates).toEqual([{ id: 4, profile: { buildYear: 2001 } }]);
    expect(plan.updated.compounds).toBe(1);
    expect(plan.unchanged).toMatchObject({ streets: 1, communities: 1 });
  });

  it('needs a type for a new community and a new compound', () => {
    const { rows } = validateRows([raw(2, { street: '二街道', community: '乙社区', compound: '新小区' })], 2026);
    expect(planImport(rows, tree).errors.map((e) => e.problems[0]!.key)).toEqual(['newCommunityClass']);
    const { rows: rows2 } = validateRows([raw(2, { ...compound, compound: '新小区' })], 2026);
    expect(planImport(rows2, tree).errors.map((e) => e.problems[0]!.key)).toEqual(['newCompoundKind']);
  });

  it('matches a compound by its code, and refuses a code held by another kind of place', () => {
    const { rows } = validateRows([raw(2, { ...compound, compound: '阳光花园（更名）', compoundCode: 'Q1' })], 2026);
    expect(planImport(rows, tree).plan.compoundUpdates).toEqual([{ id: 4, name: '阳光花园（更名）', profile: {} }]);
    const { rows: taken } = validateRows([raw(2, { ...compound, compound: '新小区', compoundKind: '商品房', compoundCode: 'D' })], 2026);
    expect(rowErrorText(planImport(taken, tree).errors[0]!, 'zh-CN')).toBe('小区编码 D 已被「区」使用');
  });
});
