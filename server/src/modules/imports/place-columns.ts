/**
 * The columns of the place import sheet 「地点」: one definition feeds the template, its explanation sheet 「说明」,
 * the dropdowns, the header matching when a file comes back, and the row validator.
 */

/** Chinese label in the sheet → value stored in the database. */
export type Options = Readonly<Record<string, string>>;

export const COMMUNITY_CLASS_OPTIONS: Options = { 城市: 'urban', 新建: 'new', 老旧: 'old', 撤村建居: 'village_to_residence' };
export const COMPOUND_KIND_OPTIONS: Options = {
  商品房: 'commercial',
  老旧小区: 'old',
  撤村建居回迁: 'resettlement',
  廉租房公租房: 'public_rental',
  商业楼宇: 'commercial_building',
  混合型: 'mixed',
};
export const COMMITTEE_OPTIONS: Options = { 业委会: 'owners_committee', 自管会: 'self_management_committee', 无: 'none' };
export const AREA_SOURCE_OPTIONS: Options = { 不动产登记: 'register', 测绘: 'survey', 合同: 'contract' };

export type ColumnKey =
  | 'street'
  | 'community'
  | 'communityClass'
  | 'compound'
  | 'compoundCode'
  | 'compoundKind'
  | 'buildYear'
  | 'propertyCompany'
  | 'committeeType'
  | 'servicePointAddress'
  | 'servicePointHours'
  | 'building'
  | 'unit'
  | 'household'
  | 'area'
  | 'areaSource';

export type Column = { key: ColumnKey; header: string; width: number; required?: boolean; options?: Options; help: string; example: string };

export const PLACE_COLUMNS: readonly Column[] = [
  { key: 'street', header: '街道', width: 14, required: true, help: '必填。街道名称；区内按名称匹配，不存在则新建。', example: '一街道' },
  { key: 'community', header: '社区', width: 14, required: true, help: '必填。社区名称；在所属街道下按名称匹配，不存在则新建。', example: '甲社区' },
  { key: 'communityClass', header: '社区类型', width: 12, options: COMMUNITY_CLASS_OPTIONS, help: '新社区必填，已有社区可留空（留空不修改）。可选：城市、新建、老旧、撤村建居。', example: '城市' },
  { key: 'compound', header: '小区', width: 16, required: true, help: '必填。小区名称；在所属社区下按名称匹配（填写小区编码时按编码匹配），不存在则新建。', example: '阳光花园' },
  { key: 'compoundCode', header: '小区编码', width: 12, help: '选填。区内唯一的小区编码；填写后按编码匹配已有小区。', example: 'Q001' },
  { key: 'compoundKind', header: '小区类型', width: 14, options: COMPOUND_KIND_OPTIONS, help: '新小区必填，已有小区可留空。可选：商品房、老旧小区、撤村建居回迁、廉租房公租房、商业楼宇、混合型。', example: '商品房' },
  { key: 'buildYear', header: '建成年份', width: 10, help: '选填。四位年份，1900 至今年。', example: '2008' },
  { key: 'propertyCompany', header: '物业公司', width: 18, help: '选填。物业服务企业名称。', example: '安居物业' },
  { key: 'committeeType', header: '业委会/自管会', width: 14, options: COMMITTEE_OPTIONS, help: '选填。可选：业委会、自管会、无。', example: '业委会' },
  { key: 'servicePointAddress', header: '服务点地址', width: 22, help: '选填。小区专员服务点地址。', example: '3幢底层专员服务点' },
  { key: 'servicePointHours', header: '服务时间', width: 22, help: '选填。服务点开放时间。', example: '周一至周五 8:30-17:30' },
  { key: 'building', header: '楼栋', width: 8, help: '登记户时必填（与单元、户号同时填写）；只登记小区时三项都留空。', example: '1幢' },
  { key: 'unit', header: '单元', width: 8, help: '登记户时必填。', example: '1单元' },
  { key: 'household', header: '户号/门牌', width: 12, help: '登记户时必填。同一单元下户号不可重复。', example: '101室' },
  { key: 'area', header: '专有面积(㎡)', width: 12, help: '选填，仅用于户。大于 0 且不超过 10000 的数字，最多两位小数。', example: '89.5' },
  { key: 'areaSource', header: '面积来源', width: 12, options: AREA_SOURCE_OPTIONS, help: '选填，仅用于户。可选：不动产登记、测绘、合同。', example: '不动产登记' },
];

export const PLACES_SHEET = '地点';
export const HELP_SHEET = '说明';
export const ERROR_HEADER = '错误原因';
export const TEMPLATE_FILE_NAME = '地点导入模板.xlsx';

/** Header text as people type it: full-width brackets, stray spaces and the area unit's spellings are equal. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/m2|m²|平方米/gi, '㎡')
    .replace(/\s+/g, '');
}
