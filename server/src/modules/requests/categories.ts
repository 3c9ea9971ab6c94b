/**
 * The categories a district starts with (districts edit them). Limits in minutes; `working` counts office hours of
 * working days (see platform/working-time.ts), otherwise calendar time. Parties: property 物业, owners_committee
 * 业委会/自管会 (whichever the compound has), residents_committee 居委会, department 职能部门.
 */
export const DEFAULT_CATEGORIES = [
  { code: 'repairs', zh: '报修（共用部位、设施）', en: 'Repairs', party: 'property', response: 30, resolution: 2 * 1440, working: false },
  { code: 'sanitation', zh: '环境卫生', en: 'Environment and sanitation', party: 'property', response: 60, resolution: 1440, working: false },
  { code: 'parking', zh: '停车管理', en: 'Parking', party: 'property', response: 60, resolution: 3 * 1440, working: false },
  { code: 'noise', zh: '噪声扰民', en: 'Noise', party: 'residents_committee', response: 60, resolution: 2 * 1440, working: false },
  { code: 'neighbour_dispute', zh: '邻里纠纷', en: 'Neighbour dispute', party: 'residents_committee', response: 120, resolution: 5 * 450, working: true },
  { code: 'security', zh: '治安安全', en: 'Security', party: 'department', response: 30, resolution: 1440, working: false },
  { code: 'lifts', zh: '电梯', en: 'Lifts', party: 'property', response: 30, resolution: 1440, working: false },
  { code: 'public_facilities', zh: '公共设施', en: 'Public facilities', party: 'owners_committee', response: 120, resolution: 10 * 450, working: true },
  { code: 'property_fees', zh: '物业费用', en: 'Property fees', party: 'owners_committee', response: 240, resolution: 10 * 450, working: true },
  { code: 'pets', zh: '宠物管理', en: 'Pets', party: 'residents_committee', response: 120, resolution: 5 * 450, working: true },
  { code: 'elderly_care', zh: '养老助老', en: 'Elderly care', party: 'residents_committee', response: 60, resolution: 3 * 450, working: true },
  { code: 'other', zh: '其他', en: 'Other', party: 'residents_committee', response: 240, resolution: 10 * 450, working: true },
] as const;

/** A district's own holiday table starts from this (国务院办公厅 annual notices, as packaged by chinese-days). */
export const REQUEST_TYPES = ['enquiry', 'help', 'complaint', 'report', 'suggestion'] as const;
