/**
 * Reference data every hub starts with: the four departments and the disbursing bank, the canonical subsidy categories,
 * a program catalogue after DOMAIN.md, and the 一户一档 archive catalogue (14 paper items, 9
 * electronic). They are rows, not code: later departments and programs are added as data.
 */

export interface DepartmentSeed {
  code: string;
  name: string;
  nameEn: string;
  description: string;
}

export const DEPARTMENTS: DepartmentSeed[] = [
  { code: 'ARCHIVE', name: '档案局', nameEn: 'Archive bureau', description: '一户一档纸质与电子档案：目录、装订顺序、档号、保管期限' },
  { code: 'POVERTY', name: '扶贫办', nameEn: 'Poverty alleviation office', description: '识别、贫困户属性、致贫原因、结对帮扶、帮扶计划与措施、脱贫评估、产业与住房资金' },
  { code: 'CIVIL', name: '民政局', nameEn: 'Civil affairs bureau', description: '最低生活保障（低保）、特困供养（原五保）、临时救助、医疗救助' },
  { code: 'AGRI', name: '农业农村局', nameEn: 'Agriculture and rural affairs bureau', description: '耕地地力保护补贴、农机补贴、产业项目、沼气池改造' },
  { code: 'BANK', name: '代发银行', nameEn: 'Disbursing bank', description: '一户一卡代发：银行卡信息与代发明细' },
];

export interface CategorySeed {
  code: string;
  name: string;
  nameEn: string;
}

export const SUBSIDY_CATEGORIES: CategorySeed[] = [
  { code: 'LIVING_ALLOWANCE', name: '生活保障', nameEn: 'Living allowance' },
  { code: 'HOUSING', name: '住房保障', nameEn: 'Housing' },
  { code: 'INDUSTRY_LIVESTOCK', name: '产业扶持-养殖', nameEn: 'Industry: livestock' },
  { code: 'INDUSTRY_CROPS', name: '产业扶持-种植', nameEn: 'Industry: crops' },
  { code: 'ENERGY', name: '能源（沼气）', nameEn: 'Energy (biogas)' },
  { code: 'EDUCATION', name: '教育资助', nameEn: 'Education' },
  { code: 'MEDICAL', name: '医疗救助', nameEn: 'Medical' },
  { code: 'EMPLOYMENT', name: '就业扶持', nameEn: 'Employment' },
  { code: 'RELOCATION', name: '易地扶贫搬迁', nameEn: 'Relocation' },
  { code: 'FARMLAND', name: '耕地与农机', nameEn: 'Farmland and machinery' },
  { code: 'CREDIT', name: '扶贫小额信贷', nameEn: 'Credit' },
  { code: 'CONSOLATION', name: '结对帮扶慰问', nameEn: 'Pairing-unit consolation' },
];

export interface ProgramSeed {
  code: string;
  name: string;
  department: string;
  category: string;
  oneTime: boolean;
  /** Paid to one member rather than to the household as a whole. */
  personal: boolean;
  description: string;
}

const program = (
  code: string,
  department: string,
  category: string,
  name: string,
  options: { oneTime?: boolean; personal?: boolean; description?: string } = {},
): ProgramSeed => ({
  code,
  name,
  department,
  category,
  oneTime: options.oneTime ?? false,
  personal: options.personal ?? false,
  description: options.description ?? '',
});

export const PROGRAMS: ProgramSeed[] = [
  program('ARC_PAIRING_CONSOLATION', 'ARCHIVE', 'CONSOLATION', '结对帮扶春节慰问金', { description: '档案局作为结对帮扶单位发放的慰问金' }),
  program('POV_INDUSTRY_GOAT', 'POVERTY', 'INDUSTRY_LIVESTOCK', '产业扶贫-黑山羊'),
  program('POV_INDUSTRY_CATTLE', 'POVERTY', 'INDUSTRY_LIVESTOCK', '产业扶贫-养牛'),
  program('POV_INDUSTRY_HERB', 'POVERTY', 'INDUSTRY_CROPS', '产业扶贫-太子参'),
  program('POV_HOUSING_RENOVATION', 'POVERTY', 'HOUSING', '危房改造'),
  program('POV_BIOGAS', 'POVERTY', 'ENERGY', '沼气池改造', { oneTime: true }),
  program('POV_EDUCATION', 'POVERTY', 'EDUCATION', '雨露计划教育资助', { personal: true }),
  program('POV_RELOCATION', 'POVERTY', 'RELOCATION', '易地扶贫搬迁补助', { oneTime: true }),
  program('POV_MICROCREDIT', 'POVERTY', 'CREDIT', '扶贫小额信贷贴息'),
  program('POV_EMPLOYMENT', 'POVERTY', 'EMPLOYMENT', '外出务工交通补助', { personal: true }),
  program('CIV_DIBAO', 'CIVIL', 'LIVING_ALLOWANCE', '最低生活保障金（低保）'),
  program('CIV_TEKUN', 'CIVIL', 'LIVING_ALLOWANCE', '特困人员供养金', { personal: true }),
  program('CIV_TEMPORARY', 'CIVIL', 'LIVING_ALLOWANCE', '临时救助'),
  program('CIV_MEDICAL', 'CIVIL', 'MEDICAL', '医疗救助', { personal: true }),
  program('CIV_HOUSING', 'CIVIL', 'HOUSING', '困难群众住房救助'),
  program('AGR_FARMLAND', 'AGRI', 'FARMLAND', '耕地地力保护补贴'),
  program('AGR_MACHINERY', 'AGRI', 'FARMLAND', '农机购置补贴'),
  program('AGR_GOAT', 'AGRI', 'INDUSTRY_LIVESTOCK', '黑山羊养殖项目'),
  program('AGR_CATTLE', 'AGRI', 'INDUSTRY_LIVESTOCK', '养牛项目'),
  program('AGR_HERB', 'AGRI', 'INDUSTRY_CROPS', '太子参种植项目'),
  program('AGR_BIOGAS', 'AGRI', 'ENERGY', '沼气池改造', { oneTime: true }),
];

export type ArchiveCategoryCode = 'POLICY' | 'IMPLEMENTATION' | 'HOUSEHOLD' | 'OUTCOME';

export interface ArchiveDocumentTypeSeed {
  code: string;
  name: string;
  nameEn: string;
  medium: 'PAPER' | 'ELECTRONIC';
  archiveCategory: ArchiveCategoryCode;
  bindingOrder: number;
}

const paper = (n: number, name: string, nameEn: string, archiveCategory: ArchiveCategoryCode = 'HOUSEHOLD'): ArchiveDocumentTypeSeed => ({
  code: `P${String(n).padStart(2, '0')}`,
  name,
  nameEn,
  medium: 'PAPER',
  archiveCategory,
  bindingOrder: n,
});

const electronic = (n: number, name: string, nameEn: string): ArchiveDocumentTypeSeed => ({
  code: `E${String(n).padStart(2, '0')}`,
  name,
  nameEn,
  medium: 'ELECTRONIC',
  archiveCategory: 'HOUSEHOLD',
  bindingOrder: 100 + n,
});

export const ARCHIVE_DOCUMENT_TYPES: ArchiveDocumentTypeSeed[] = [
  paper(1, '贫困识别申请书', 'Poverty identification application'),
  paper(2, '贫困户调查登记表', 'Household survey registration form'),
  paper(3, '四看法指标体系评分表', '"Four looks" scoring sheet'),
  paper(4, '人均可支配收入核算表', 'Per-capita disposable income accounting sheet'),
  paper(5, '家庭基本情况及照片', 'Household information and photos'),
  paper(6, '结对帮扶目标责任书', 'Cadre pairing responsibility letter'),
  paper(7, '走访记录', 'Cadre visit records'),
  paper(8, '帮扶计划及方案', 'Assistance plan'),
  paper(9, '四有五覆盖台账', '"Four haves, five coverages" ledger'),
  paper(10, '帮扶措施落实及效益评价', 'Assistance implementation and benefit evaluation'),
  paper(11, '脱贫评估评分表', 'Exit assessment scoring sheet'),
  paper(12, '年度脱贫农户检查验收表', 'Annual township exit inspection form', 'IMPLEMENTATION'),
  paper(13, '贫困户登记卡', 'Household registration card'),
  paper(14, '其他材料', 'Other materials and county specifics'),
  electronic(1, '户主信息', 'Head of household'),
  electronic(2, '家庭成员', 'Household members'),
  electronic(3, '生产生活条件', 'Production and living conditions'),
  electronic(4, '致贫原因', 'Causes of poverty'),
  electronic(5, '帮扶规划', 'Assistance plan (electronic)'),
  electronic(6, '帮扶措施', 'Assistance measures'),
  electronic(7, '帮扶责任人', 'Responsible cadre'),
  electronic(8, '脱贫时限', 'Exit deadline'),
  electronic(9, '脱贫评估', 'Exit assessment'),
];

export interface FactAuthoritySeed {
  subjectType: 'HOUSEHOLD' | 'MEMBER';
  fact: string;
  departmentCode: string;
  effectiveFrom: string;
}

const authority = (subjectType: FactAuthoritySeed['subjectType'], departmentCode: string, facts: string[]): FactAuthoritySeed[] =>
  facts.map((fact) => ({ subjectType, fact, departmentCode, effectiveFrom: '2014-01-01' }));

/**
 * Which department is believed for which fact where departments disagree (权威来源): the poverty
 * office for identification facts, civil affairs for the minimum allowance and for deaths.
 */
export const FACT_AUTHORITIES: FactAuthoritySeed[] = [
  ...authority('HOUSEHOLD', 'POVERTY', ['regionCode', 'villageGroup', 'povertyType', 'status', 'identifiedOn', 'exitDeadline', 'causeOfPoverty', 'familySize', 'headName', 'headIdNumber']),
  ...authority('HOUSEHOLD', 'CIVIL', ['minimumAllowance']),
  ...authority('MEMBER', 'POVERTY', ['name', 'relation', 'ethnicity', 'education', 'health', 'labourAbility', 'migrantWorker', 'student']),
  ...authority('MEMBER', 'CIVIL', ['deceasedOn']),
];

export type HouseholdStatusCode = 'IDENTIFIED' | 'ASSISTED' | 'EXITED' | 'MONITORED' | 'RETURNED_TO_POVERTY' | 'REMOVED';
export type PovertyTypeCode = 'GENERAL' | 'MINIMUM_ALLOWANCE' | 'EXTREME_POVERTY';

export interface ArchiveCatalogueItemSeed {
  typeCode: string;
  requiredForStatuses: HouseholdStatusCode[];
  /** Empty: every poverty type. */
  requiredForPovertyTypes: PovertyTypeCode[];
  /** Null: any number of copies. */
  maxCopies: number | null;
}

const EVERY_STATUS: HouseholdStatusCode[] = ['IDENTIFIED', 'ASSISTED', 'EXITED', 'MONITORED', 'RETURNED_TO_POVERTY', 'REMOVED'];
const ONCE_ASSISTED: HouseholdStatusCode[] = ['ASSISTED', 'EXITED', 'MONITORED', 'RETURNED_TO_POVERTY', 'REMOVED'];
const ONCE_EXITED: HouseholdStatusCode[] = ['EXITED', 'MONITORED', 'RETURNED_TO_POVERTY'];

const item = (typeCode: string, requiredForStatuses: HouseholdStatusCode[], maxCopies: number | null = 1): ArchiveCatalogueItemSeed => ({
  typeCode,
  requiredForStatuses,
  requiredForPovertyTypes: [],
  maxCopies,
});

/**
 * Version 1 of the 一户一档 catalogue (seed 000): identification forms for every household; pairing,
 * plan, ledger and evaluation once assistance has begun; the exit assessment and the township's
 * inspection only once a household has exited. Visit records and other materials may hold any
 * number of documents; every other item one.
 */
export const ARCHIVE_CATALOGUE_V1 = {
  version: 1,
  name: '一户一档目录（纸质14项、电子9项）',
  effectiveFrom: '2014-01-01',
  changeNote: 'seed 000: 14 paper items, 9 electronic items',
  items: [
    ...['P01', 'P02', 'P03', 'P04', 'P05', 'P13', 'E01', 'E02', 'E03', 'E04'].map((code) => item(code, EVERY_STATUS)),
    item('P14', EVERY_STATUS, null),
    item('P07', ONCE_ASSISTED, null),
    ...['P06', 'P08', 'P09', 'P10', 'E05', 'E06', 'E07', 'E08'].map((code) => item(code, ONCE_ASSISTED)),
    ...['P11', 'P12', 'E09'].map((code) => item(code, ONCE_EXITED)),
  ] satisfies ArchiveCatalogueItemSeed[],
};

/** National rural poverty line in current prices, yuan per person and year (DOMAIN.md, public statistics). */
export const POVERTY_LINES: Array<{ year: number; amount: string; source: string }> = [
  { year: 2014, amount: '2800.00', source: '国家农村扶贫标准（现价）' },
  { year: 2015, amount: '2855.00', source: '国家农村扶贫标准（现价）' },
  { year: 2016, amount: '2952.00', source: '国家农村扶贫标准（现价）' },
  { year: 2017, amount: '3335.00', source: '国家农村扶贫标准（现价）' },
  { year: 2018, amount: '3535.00', source: '国家农村扶贫标准（现价）' },
  { year: 2019, amount: '3747.00', source: '国家农村扶贫标准（现价）' },
  { year: 2020, amount: '4000.00', source: '国家农村扶贫标准（现价）' },
];

/**
 * The county's first archive-check settings. The "four looks" weights (看房、看粮、看劳动力、看读书郎)
 * are the county's to set; these are a starting point, changed by adding a dated setting.
 */
export const ARCHIVE_CHECK_SETTING_V1 = {
  effectiveFrom: '2014-01-01',
  houseWeight: '0.3000',
  grainWeight: '0.3000',
  labourWeight: '0.2500',
  studentWeight: '0.1500',
  incomeTolerance: '1.00',
  scoreTolerance: '0.50',
  visitIntervalDays: 90,
  maxHouseholdsPerCadre: 25,
  changeNote: 'initial county settings',
};
