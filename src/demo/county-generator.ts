/**
 * A demo county shaped after DOMAIN.md's Z county (织金县, 520524): townships and villages, poor
 * households with members, status history, subsidies from all four departments, the 一户一档
 * archive, pairing cadres and their visits, and what the bank reports (一户一卡: one card a household,
 * the payments of 2024). Every kind of problem the hub must make visible is planted deterministically
 * and reported in `planted`; the gaps planted in the bank's payments in `bankPlanted`.
 *
 * Only regions, cadres and households are held in memory. What is recorded about a household is
 * regenerated on demand from the seed (every household has its own random stream), so a county
 * of 400,000 households fits in memory and a loader writes it batch by batch with every key of a
 * batch inside the batch.
 */
import { composeIdNumber } from '../domain/id-number';
import type { HealthCondition, HouseholdStatus, LabourAbility, PovertyType, Relation, SubsidyState } from '../generated/prisma/enums';
import type { RegionLevel } from '../domain/region-code';
import type { FourLooksScores, IncomeComponents, StatedFacts } from '../modules/archive-review/archive-facts';
import { ARCHIVE_CHECK_SETTING_V1, ARCHIVE_DOCUMENT_TYPES, POVERTY_LINES, PROGRAMS, type ArchiveCategoryCode } from '../modules/catalogue/reference-data';
import { mixSeed, Random, WeightedChoice } from './random';

export interface CountyOptions {
  /** Same seed, same county. Default 2016. */
  seed?: number;
  /** Number of poor households. Default 2000; 60,000 and 400,000 are county scales. */
  households?: number;
}

export type DepartmentCode = 'ARCHIVE' | 'POVERTY' | 'CIVIL' | 'AGRI';

/** Where a record comes from; sourceRecordId is unique per department and table. */
export interface Provenance {
  department: DepartmentCode;
  sourceSystem: string;
  sourceRecordId: string;
}

/** Dates are `YYYY-MM-DD`, amounts are yuan with two decimals ("1860.00"). */
export interface RegionRecord {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface HouseholdRecord extends Provenance {
  householdNo: string;
  regionCode: string;
  villageGroup: string;
  povertyType: PovertyType;
  status: HouseholdStatus;
  identifiedOn: string;
  causeOfPoverty: string;
  /** The planned exit date (脱贫时限); null in villages whose electronic plans are blank. */
  exitDeadline: string | null;
}

/** sourceRecordId is the member key that personal subsidies refer to. */
export interface MemberRecord extends Provenance {
  householdNo: string;
  idNumber: string;
  name: string;
  relation: Relation;
  ethnicity: string;
  education: string;
  health: HealthCondition;
  labourAbility: LabourAbility;
  migrantWorker: boolean;
  student: boolean;
  deceasedOn: string | null;
}

export interface StatusChangeRecord extends Provenance {
  householdNo: string;
  fromStatus: HouseholdStatus | null;
  toStatus: HouseholdStatus;
  effectiveOn: string;
  actor: string;
  reason: string;
  evidence: string | null;
}

export interface SubsidyRecord extends Provenance {
  householdNo: string;
  /** The member's sourceRecordId where the program is personal. */
  memberKey: string | null;
  programCode: string;
  amount: string;
  startDate: string;
  endDate: string;
  year: number;
  state: SubsidyState;
  approvedOn: string | null;
  paidOn: string | null;
  bankCardNo: string;
  /**
   * The department's payment reference (支付业务编号) the bank quotes back: CIVIL and POVERTY
   * subsidies of the demo bank year that were approved; null elsewhere (matched by card, amount and date).
   */
  paymentReference: string | null;
}

export interface ArchiveDocumentRecord extends Provenance, StatedFacts {
  householdNo: string;
  typeCode: string;
  archiveCategory: ArchiveCategoryCode;
  uniformCode: string;
  bindingOrder: number;
  title: string;
  documentDate: string;
  pageCount: number | null;
  retention: string;
}

export interface CadreRecord extends Provenance {
  name: string;
  organisation: string;
  phone: string;
}

/** cadreKey is the cadre's sourceRecordId. */
export interface PairingRecord extends Provenance {
  cadreKey: string;
  householdNo: string;
  startDate: string;
  endDate: string | null;
}

export interface VisitRecord extends Provenance {
  cadreKey: string;
  householdNo: string;
  visitedOn: string;
  notes: string;
}

/** Cards and payments come from the bank (department BANK), not from one of the four departments. */
export interface BankProvenance {
  department: 'BANK';
  sourceSystem: string;
  sourceRecordId: string;
}

/** The household's card (一户一卡); sourceRecordId is CARD-<card number>. */
export interface BankCardRecord extends BankProvenance {
  householdNo: string;
  /** The holder's member key (the member's sourceRecordId). */
  holderKey: string;
  holderName: string;
  holderIdNumber: string;
  bankName: string;
  cardNo: string;
  openedOn: string;
  closedOn: string | null;
}

/** One payment in the bank's disbursement detail (代发明细); sourceRecordId is the bank's reference (流水号). */
export interface BankPaymentRecord extends BankProvenance {
  /** The household whose card received the payment, as the card registry resolves it. */
  householdNo: string;
  cardNo: string;
  holderName: string;
  holderIdNumber: string;
  amount: string;
  paidOn: string;
  /** The subsidy's payment reference when the bank quotes it (业务编号). */
  paymentReference: string | null;
  memo: string;
  /** The subsidy the bank paid, `<department>/<sourceRecordId>`: what reconciliation should find. Not in the bank's file. */
  subsidyKey: string;
}

export interface HouseholdBatch {
  households: HouseholdRecord[];
  members: MemberRecord[];
  statusChanges: StatusChangeRecord[];
  subsidies: SubsidyRecord[];
  documents: ArchiveDocumentRecord[];
  pairings: PairingRecord[];
  visits: VisitRecord[];
  cards: BankCardRecord[];
  payments: BankPaymentRecord[];
}

export const BANK_NAME = '织金农商银行';
export const BANK_SOURCE_SYSTEM = '农商银行代发系统';
/** The year the demo bank files cover, one file a month. */
export const DEMO_BANK_YEAR = 2024;
export const DEMO_BANK_MONTHS: readonly string[] = Array.from({ length: 12 }, (_, m) => `${DEMO_BANK_YEAR}-${String(m + 1).padStart(2, '0')}`);
/** The month the demo load leaves out, for the README's import of a month's bank file. */
export const DEMO_BANK_FILE_MONTH = `${DEMO_BANK_YEAR}-12`;

/**
 * Bank gaps planted in the demo year's payments, and controls that must raise nothing: a split
 * payment summing exactly to the approval, and a payment on the last day of the matching window.
 */
export const BANK_PLANTED_KINDS = [
  'NOT_PAID',
  'PAID_SHORT',
  'PAID_MORE',
  'PAID_TWICE',
  'PAID_TO_OTHER_CARD',
  'CARD_SHARED_ACROSS_DEPARTMENTS',
  'PAID_AFTER_DEATH',
  'SPLIT_PAYMENT',
  'PAID_INSIDE_WINDOW',
] as const;

export type BankPlantedKind = (typeof BANK_PLANTED_KINDS)[number];

export interface BankPlantedProblem {
  kind: BankPlantedKind;
  householdNo: string;
  /**
   * The other household involved: for PAID_TO_OTHER_CARD the household whose card was paid; for
   * CARD_SHARED_ACROSS_DEPARTMENTS the household whose POVERTY subsidy reached this household's card.
   */
  otherHouseholdNo: string | null;
  /** The subsidy concerned, `<department>/<sourceRecordId>`. */
  subsidyKey: string | null;
  /** The month (YYYY-MM) whose bank file makes the gap visible, or carries the control's payments. */
  month: string;
  /** A control: reconciliation must raise nothing for it. */
  control: boolean;
  detail: string;
}

export const PLANTED_PROBLEM_KINDS = [
  'DUPLICATE_CATEGORY_SUBSIDY',
  'MUTUALLY_EXCLUSIVE',
  'ONE_TIME_REPEATED',
  'ANNUAL_CAP_EXCEEDED',
  'PAID_AFTER_EXIT',
  'PAID_TO_DECEASED',
  'MISSING_ARCHIVE_ITEMS',
  'DUPLICATE_DOCUMENT',
  'FAMILY_SIZE_MISMATCH',
  'INCOME_MISMATCH',
  'DUPLICATE_PERSON',
  'DUPLICATE_HEAD_NAME',
  'POVERTY_TYPE_MISMATCH',
  'INCOME_ARITHMETIC',
  'FOUR_LOOKS_ARITHMETIC',
  'LABOUR_COUNT_MISMATCH',
  'PAPER_ELECTRONIC_MISMATCH',
] as const;

export type PlantedProblemKind = (typeof PLANTED_PROBLEM_KINDS)[number];

/** A problem planted on purpose; pair problems are reported once for each household involved. */
export interface PlantedProblem {
  kind: PlantedProblemKind;
  householdNo: string;
  detail: string;
}

export const SOURCE_SYSTEMS: Record<DepartmentCode, string> = {
  ARCHIVE: '档案管理系统',
  POVERTY: '扶贫开发信息系统',
  CIVIL: '民政低保系统',
  AGRI: '农业项目管理系统',
};

const SUBSIDY_ID_PREFIX: Record<DepartmentCode, string> = { ARCHIVE: 'DA', POVERTY: 'FP', CIVIL: 'MZ', AGRI: 'NY' };

export function generateCounty(options: CountyOptions = {}): DemoCounty {
  const seed = options.seed ?? 2016;
  const households = options.households ?? 2000;
  if (!Number.isSafeInteger(households) || households < 1 || households > 500_000) {
    throw new RangeError(`households must be an integer from 1 to 500000 (a county), got ${households}`);
  }
  return new DemoCounty(planCounty(seed >>> 0, households));
}

export class DemoCounty {
  readonly seed: number;
  readonly regions: RegionRecord[];
  readonly cadres: CadreRecord[];
  readonly households: HouseholdRecord[];
  readonly planted: PlantedProblem[];
  /** Gaps planted in the bank payments of the demo year, and controls that must raise nothing. */
  readonly bankPlanted: BankPlantedProblem[];
  readonly #plan: CountyPlan;

  constructor(plan: CountyPlan) {
    this.#plan = plan;
    this.seed = plan.seed;
    this.regions = plan.regions;
    this.cadres = plan.cadres;
    this.households = plan.households;
    this.planted = plan.planted;
    this.bankPlanted = plan.bankPlanted;
  }

  /** Households [from, to) with everything recorded about them; identical on every call. */
  batch(from = 0, to: number = this.households.length): HouseholdBatch {
    const end = Math.min(to, this.households.length);
    const out: HouseholdBatch = { ...emptyBatch(), households: this.households.slice(from, end) };
    for (let i = from; i < end; i++) expandHousehold(this.#plan, i, out);
    return out;
  }

  *batches(size: number): Generator<HouseholdBatch> {
    for (let from = 0; from < this.households.length; from += size) yield this.batch(from, from + size);
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar and money

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (proleptic Gregorian, month 13 is January of the next year). */
function toDay(year: number, month: number, day: number): number {
  const m = month > 12 ? month - 12 : month;
  const y = (month > 12 ? year + 1 : year) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** Date texts are interned: millions of records share a few tens of thousands of dates. */
const ISO_FIRST_DAY = toDay(1900, 1, 1);
const isoTexts: Array<string | undefined> = new Array<string | undefined>(toDay(2040, 1, 1) - ISO_FIRST_DAY).fill(undefined);

function iso(day: number): string {
  return (isoTexts[day - ISO_FIRST_DAY] ??= new Date(day * DAY_MS).toISOString().slice(0, 10));
}

function yearOf(day: number): number {
  return Number(iso(day).slice(0, 4));
}

function ageOn(birthDay: number, day: number): number {
  return Math.floor((day - birthDay) / 365.2425);
}

function money(fen: number): string {
  const cents = fen % 100;
  return `${Math.floor(fen / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

const PADDED = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const pad2 = (n: number) => PADDED[n].slice(1);

/** The data describes the county as of the end of 2024. */
const AS_OF = toDay(2024, 12, 31);
const LAST_YEAR = 2024;
/** Member facts (age, schooling, labour, migrant work) describe the household at the 2020 update. */
const RECORD_DAY = toDay(2020, 12, 31);

/** Every poor household was to exit by the end of 2020. */
const NATIONAL_EXIT_TARGET = toDay(2020, 12, 31);

/**
 * Streams of the archive facts added after the county was first generated (four-looks scores,
 * income components, exit deadlines): drawing them from the household streams would move every
 * later draw, and with it the county that tests and examples rely on.
 */
const ARCHIVE_FACT_SALT = { fourLooks: 5, income: 6, exitDeadline: 7 } as const;

/** National rural poverty line by year (DOMAIN.md), whole yuan per person: the hub's seeded lines. */
const POVERTY_LINE: Record<number, number> = Object.fromEntries(POVERTY_LINES.map((line) => [line.year, Number(line.amount)]));

// ---------------------------------------------------------------------------------------------
// Places and people

const TOWNSHIP_SEEDS: ReadonlyArray<readonly [string, string]> = [
  ['100', '城关镇'], ['101', '龙场镇'], ['102', '珠藏镇'], ['103', '猫场镇'], ['104', '马场镇'],
  ['105', '以那镇'], ['106', '三塘镇'], ['107', '阿弓镇'], ['108', '化起镇'], ['109', '黑土镇'],
  ['110', '少普镇'], ['111', '桂果镇'], ['112', '熊家场镇'], ['113', '板桥镇'], ['114', '中寨镇'],
  ['115', '牛场镇'], ['200', '实兴乡'], ['201', '上坪寨乡'], ['202', '营合乡'],
  ['203', '茶店布依族苗族彝族乡'], ['204', '后寨苗族乡'], ['205', '金龙苗族彝族布依族乡'], ['206', '官寨苗族乡'],
  ['207', '大平苗族彝族乡'], ['208', '鸡场苗族彝族布依族乡'], ['209', '自强苗族乡'],
  ['001', '双堰街道'], ['002', '文腾街道'], ['003', '金凤街道'], ['004', '惠民街道'], ['005', '八步街道'], ['006', '绮陌街道'],
];

const FIRST_VILLAGES: Record<string, string[]> = { 城关镇: ['五星', '新华'], 龙场镇: ['红岩'], 珠藏镇: ['青山'] };

const VILLAGE_STEMS = (
  '五星 新华 红岩 青山 团结 和平 光明 联合 新民 红旗 大坪 小河 石桥 中寨 龙井 白岩 马鞍 桃园 松林 杨柳 ' +
  '水井 坪上 高峰 新寨 田坝 沙坝 平桥 岩脚 茶山 凉水 大寨 长冲 龙潭 关寨 麻窝 双河 三合 金星 兴隆 营盘 ' +
  '保家 黄泥 偏坡 鱼塘 竹林 干河 官田 河坝 新街 花园 松柏 青杠 核桃 瓦窑 棉花 箐口 大田 小寨 火花 民主 ' +
  '胜利 红星 星光 幸福 向阳 前进 东风 建设 新桥 坪寨 大湾 石板 响水 岩头 庄上 金坡 云盘 木厂 清水 大洞 ' +
  '大坡 高山 红花 上寨 下寨 新田 堰塘 沙田 猫洞 牛角 梨树 桂花 樱桃 海子 洼子 坝子 龙洞 狮子 白马 鹅项'
).split(' ');

const SURNAMES = new WeightedChoice<string>(
  (
    '王14 李13 张12 杨11 刘9 陈9 罗7 吴6 黄6 赵5 周5 龙4 安3 陆3 徐3 孙3 马3 朱3 胡3 郭3 何3 高3 林2 郑2 ' +
    '梁2 谢2 宋2 唐2 许2 韩2 冯2 邓2 曹2 彭2 曾2 肖2 田2 董2 袁2 潘2 蒋2 蔡2 余2 杜2 叶2 程2 苏2 魏2 ' +
    '吕2 丁2 任2 姚2 卢2 钟2 谭2 汪2 石2 廖2 夏2 韦2 邹2 孟2 熊2 秦2 邱2 江2 段2 雷2 侯2 常2 钱1 班1 蒙1 ' +
    '聂1 顾1 严1 文1 岑1 禄1'
  )
    .split(' ')
    .map((entry) => [entry[0], Number(entry.slice(1))] as const),
);

const GIVEN_CHARACTERS = {
  oldMale: [...'勇承海福富桂志正平军德荣华强明国世学科建林文光兴永贵发权忠仁义清顺友昌祥开树云朝元成刚洪'],
  oldFemale: [...'英兰秀芳梅珍凤莲琴翠菊花群芬美玉仙香素春会云桂娥'],
  newMale: [...'浩宇杰子涵轩晨俊博豪鑫磊鹏超阳航宏睿泽锦'],
  newFemale: [...'欣怡雨梓思佳诗婷雪琳悦萱瑶妍颖雯倩璐娜丹'],
};

function givenName(random: Random, female: boolean, birthYear: number): string {
  const modern = birthYear >= 1995 || (birthYear >= 1975 && random.chance(0.5));
  const pool = female
    ? modern ? GIVEN_CHARACTERS.newFemale : GIVEN_CHARACTERS.oldFemale
    : modern ? GIVEN_CHARACTERS.newMale : GIVEN_CHARACTERS.oldMale;
  return random.chance(0.25) ? random.pick(pool) : random.pick(pool) + random.pick(pool);
}

const ETHNICITY = new WeightedChoice<string>([
  ['汉族', 55], ['穿青人', 12], ['苗族', 15], ['彝族', 8], ['布依族', 6], ['仡佬族', 2], ['回族', 1], ['白族', 1],
]);
const ETHNICITY_IN_ETHNIC_TOWNSHIPS = new WeightedChoice<string>([
  ['苗族', 35], ['汉族', 25], ['彝族', 15], ['布依族', 15], ['穿青人', 7], ['仡佬族', 2], ['回族', 1],
]);

const POVERTY_TYPES = new WeightedChoice<PovertyType>([['GENERAL', 66], ['MINIMUM_ALLOWANCE', 31], ['EXTREME_POVERTY', 3]]);
const FINAL_STATUS = new WeightedChoice<HouseholdStatus>([
  ['EXITED', 790], ['MONITORED', 110], ['ASSISTED', 30], ['IDENTIFIED', 10], ['RETURNED_TO_POVERTY', 15], ['REMOVED', 45],
]);
const IDENTIFICATION_YEAR = new WeightedChoice<number>([[2014, 55], [2015, 15], [2016, 10], [2017, 10], [2018, 6], [2019, 4]]);
const EXIT_YEAR_WEIGHT: Record<number, number> = { 2015: 1, 2016: 2, 2017: 3, 2018: 3, 2019: 3, 2020: 2 };
const HOUSEHOLD_SIZE: Record<PovertyType, WeightedChoice<number>> = {
  GENERAL: new WeightedChoice([[1, 4], [2, 12], [3, 22], [4, 26], [5, 20], [6, 10], [7, 6]]),
  MINIMUM_ALLOWANCE: new WeightedChoice([[1, 40], [2, 35], [3, 15], [4, 7], [5, 3]]),
  EXTREME_POVERTY: new WeightedChoice([[1, 90], [2, 10]]),
};
const FEMALE_HEAD: Record<PovertyType, number> = { GENERAL: 0.15, MINIMUM_ALLOWANCE: 0.3, EXTREME_POVERTY: 0.4 };
const CAUSES = new WeightedChoice<string>([
  ['因病', 25], ['因残', 12], ['因学', 8], ['缺技术', 18], ['缺劳力', 10], ['缺资金', 15], ['缺土地', 4], ['交通落后', 4], ['自身发展动力不足', 4],
]);
const CAUSES_WITHOUT_STUDENTS = new WeightedChoice<string>([
  ['因病', 25], ['因残', 12], ['缺技术', 18], ['缺劳力', 10], ['缺资金', 15], ['缺土地', 4], ['交通落后', 4], ['自身发展动力不足', 4],
]);
const EXTREME_POVERTY_CAUSES = new WeightedChoice<string>([['缺劳力', 50], ['因残', 25], ['因病', 25]]);

const EVER_EXITED: ReadonlySet<HouseholdStatus> = new Set<HouseholdStatus>(['EXITED', 'MONITORED', 'RETURNED_TO_POVERTY']);

const CADRE_ORGANISATIONS = [
  '织金县档案局', '织金县扶贫开发办公室', '织金县民政局', '织金县农业农村局', '织金县教育局',
  '织金县卫生健康局', '织金县人力资源和社会保障局', '织金县住房和城乡建设局', '织金县财政局',
];
const PHONE_PREFIXES = ['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '180', '182', '183', '187', '188', '189'];

const VISIT_NOTES = [
  '了解家庭收入和生产生活情况，宣讲精准扶贫政策',
  '核实家庭人口、劳动力及务工情况，更新帮扶手册',
  '查看住房安全情况，动员申请危房改造',
  '讲解低保和医疗救助政策，协助准备申请材料',
  '了解黑山羊养殖情况，联系畜牧站技术员上门指导',
  '督促适龄子女按时入学，落实教育资助',
  '帮助联系县内企业务工岗位',
  '春节前走访慰问，送去大米、食用油',
  '填写帮扶手册，核算家庭收入',
  '了解太子参种植进度和销售渠道',
  '检查饮水安全和生活用电情况',
  '协助办理医保参保和慢病卡',
  '宣传沼气池改造补助政策',
];
const MONITORING_VISIT_NOTES = ['开展防返贫监测回访，家庭收入稳定', '防返贫监测回访，核实务工收入和医疗支出'];
const MONITORING_SINCE = toDay(2021, 1, 1);

const REMOVAL_REASONS = [
  '家庭成员有财政供养人员，经复核予以清退',
  '在城镇购买商品房，经复核予以清退',
  '家庭拥有小轿车，经复核予以清退',
  '识别不精准，经村民代表大会评议予以清退',
];

const DOCUMENT_TYPE = new Map(ARCHIVE_DOCUMENT_TYPES.map((type) => [type.code, type]));
const PROGRAM_DEPARTMENT = new Map(PROGRAMS.map((program) => [program.code, program.department as DepartmentCode]));

/** Forms that state family size, labour count, per-capita income and poverty type. */
const FACT_FORMS: ReadonlySet<string> = new Set(['P01', 'P02', 'P03', 'P04', 'P13', 'E02']);
const PAPER_PAGES: Record<string, readonly [number, number]> = {
  P01: [1, 2], P02: [2, 4], P03: [1, 3], P04: [1, 4], P05: [2, 6], P06: [1, 3], P07: [3, 20],
  P08: [2, 6], P09: [1, 3], P10: [2, 5], P11: [1, 3], P12: [1, 2], P13: [1, 2], P14: [1, 15],
};

interface ArchiveItem {
  code: string;
  name: string;
  archiveCategory: ArchiveCategoryCode;
  bindingOrder: number;
  paper: boolean;
  pages: readonly [number, number];
  statesFacts: boolean;
}

/** The archive items a household's status calls for, in binding order. */
function expectedArchiveItems(status: HouseholdStatus): ArchiveItem[] {
  const codes = ['P01', 'P02', 'P03', 'P04', 'P05', 'P13', 'P14', 'E01', 'E02', 'E03', 'E04'];
  if (status !== 'IDENTIFIED') codes.push('P06', 'P07', 'P08', 'P09', 'P10', 'E05', 'E06', 'E07', 'E08');
  if (EVER_EXITED.has(status)) codes.push('P11', 'P12', 'E09');
  return codes
    .map((code) => {
      const type = DOCUMENT_TYPE.get(code)!;
      const paper = type.medium === 'PAPER';
      return { code, name: type.name, archiveCategory: type.archiveCategory, bindingOrder: type.bindingOrder, paper, pages: PAPER_PAGES[code] ?? [0, 0], statesFacts: FACT_FORMS.has(code) };
    })
    .sort((a, b) => a.bindingOrder - b.bindingOrder);
}

const ARCHIVE_ITEMS = Object.fromEntries(
  (['IDENTIFIED', 'ASSISTED', 'EXITED', 'MONITORED', 'RETURNED_TO_POVERTY', 'REMOVED'] as const).map((status) => [status, expectedArchiveItems(status)]),
) as Record<HouseholdStatus, ArchiveItem[]>;

const POVERTY_TYPE_NAME: Record<PovertyType, string> = {
  GENERAL: '一般贫困户',
  MINIMUM_ALLOWANCE: '低保贫困户',
  EXTREME_POVERTY: '特困供养贫困户',
};

// ---------------------------------------------------------------------------------------------
// The plan: what is decided for the whole county before any household is expanded

interface Township {
  code: string;
  name: string;
  government: string;
  ethnic: boolean;
}

interface Village {
  code: string;
  name: string;
  committee: string;
  township: Township;
  groups: number;
  firstHousehold: number;
  householdCount: number;
  firstCadre: number;
  cadreCount: number;
  /** The electronic assistance plan (E05) and exit deadline (E08) are blank for the whole village. */
  electronicPlanBlank: boolean;
}

/** A person recorded in a second household: the same ID number, or the same name and birth date. */
interface ExtraMember {
  sourceHousehold: number;
  sourceMember: number;
  relation: Relation;
  sameIdNumber: boolean;
  sequence: number;
}

type Plant =
  | { kind: 'DUPLICATE_CATEGORY_SUBSIDY'; project: 'GOAT' | 'HOUSING'; year: number }
  | { kind: 'MUTUALLY_EXCLUSIVE'; year: number }
  | { kind: 'ONE_TIME_REPEATED'; year: number; repeatYear: number; repeatProgram: string }
  | { kind: 'ANNUAL_CAP_EXCEEDED'; year: number; programCode: string; amountFen: number }
  | { kind: 'PAID_AFTER_EXIT'; year: number; programCode: string }
  | { kind: 'PAID_TO_DECEASED'; member: number; deceasedDay: number }
  | { kind: 'MISSING_ARCHIVE_ITEMS'; missing: string[] }
  | { kind: 'DUPLICATE_DOCUMENT'; typeCode: string; copies: number }
  | { kind: 'FAMILY_SIZE_MISMATCH'; typeCode: string; delta: number }
  | { kind: 'INCOME_MISMATCH'; deltaFen: number }
  | { kind: 'POVERTY_TYPE_MISMATCH'; civilDibao: { from: number; to: number } | null; document: { typeCode: string; stated: PovertyType } | null }
  | { kind: 'DUPLICATE_PERSON'; other: number; member: number; sameIdNumber: boolean }
  | { kind: 'DUPLICATE_HEAD_NAME'; other: number }
  /** The P04 components give the recorded per-capita income plus deltaFen. */
  | { kind: 'INCOME_ARITHMETIC'; deltaFen: number }
  /** The P03 records its weighted total plus delta (hundredths of a point). */
  | { kind: 'FOUR_LOOKS_ARITHMETIC'; delta: number }
  | { kind: 'LABOUR_COUNT_MISMATCH'; typeCode: string; delta: number }
  | { kind: 'PAPER_ELECTRONIC_MISMATCH'; delta: number };

/** Plants that only touch archive facts: their households' subsidies stay as if unplanted. */
const ARCHIVE_FACT_PLANTS: ReadonlySet<PlantedProblemKind> = new Set(['INCOME_ARITHMETIC', 'FOUR_LOOKS_ARITHMETIC', 'LABOUR_COUNT_MISMATCH', 'PAPER_ELECTRONIC_MISMATCH']);

interface CountyPlan {
  seed: number;
  /** Bank plants by household: a household has at most one role in one bank plant. */
  bankPlants: Map<number, BankPlant>;
  bankPlanted: BankPlantedProblem[];
  regions: RegionRecord[];
  villages: Village[];
  cadres: CadreRecord[];
  households: HouseholdRecord[];
  planted: PlantedProblem[];
  householdVillage: Uint16Array;
  identifiedDay: Int32Array;
  /** 0 when the household never exited. */
  exitYear: Uint16Array;
  headName: string[];
  /** Members of household i are memberStart[i] .. memberStart[i + 1] - 1, head first. */
  memberStart: Int32Array;
  memberRelation: Relation[];
  memberFemale: Uint8Array;
  memberBirthDay: Int32Array;
  memberSequence: Uint16Array;
  extras: Map<number, ExtraMember[]>;
  plants: Map<number, Plant>;
}

interface FamilyMember {
  relation: Relation;
  female: boolean;
  age: number;
}

function planCounty(seed: number, householdCount: number): CountyPlan {
  const random = new Random(mixSeed(seed, 0));
  const { regions, villages } = planRegions(random, householdCount);
  const cadres = planCadres(seed, villages);

  const householdVillage = new Uint16Array(householdCount);
  const identifiedDay = new Int32Array(householdCount);
  const exitYear = new Uint16Array(householdCount);
  const povertyType: PovertyType[] = new Array(householdCount);
  const status: HouseholdStatus[] = new Array(householdCount);
  const cause: string[] = new Array(householdCount);
  const group: number[] = new Array(householdCount);
  const memberStart = new Int32Array(householdCount + 1);
  const memberRelation: Relation[] = [];
  const female: number[] = [];
  const birthDay: number[] = [];

  for (const [v, village] of villages.entries()) {
    for (let i = village.firstHousehold; i < village.firstHousehold + village.householdCount; i++) {
      const r = new Random(mixSeed(seed, 1, i));
      householdVillage[i] = v;
      group[i] = r.int(1, village.groups);
      const type = POVERTY_TYPES.pick(r);
      const finalStatus = FINAL_STATUS.pick(r);
      const year = finalStatus === 'IDENTIFIED' ? 2019 : IDENTIFICATION_YEAR.pick(r);
      povertyType[i] = type;
      status[i] = finalStatus;
      identifiedDay[i] = toDay(year, r.int(4, 10), r.int(1, 28));
      if (EVER_EXITED.has(finalStatus)) {
        const years: [number, number][] = [];
        for (let y = Math.max(year + 1, 2015); y <= 2020; y++) years.push([y, EXIT_YEAR_WEIGHT[y]]);
        exitYear[i] = new WeightedChoice(years).pick(r);
      }
      memberStart[i] = memberRelation.length;
      const family = familyOf(r, type, HOUSEHOLD_SIZE[type].pick(r));
      for (const person of family) {
        memberRelation.push(person.relation);
        female.push(person.female ? 1 : 0);
        birthDay.push(identifiedDay[i] - Math.floor((person.age + r.next()) * 365.2425) - 1);
      }
      const hasPupil = family.some((person) => person.age >= 6 && person.age <= 22);
      cause[i] = type === 'EXTREME_POVERTY' ? EXTREME_POVERTY_CAUSES.pick(r) : (hasPupil ? CAUSES : CAUSES_WITHOUT_STUDENTS).pick(r);
    }
  }
  memberStart[householdCount] = memberRelation.length;

  const plan: CountyPlan = {
    seed,
    regions,
    villages,
    cadres,
    households: [],
    planted: [],
    householdVillage,
    identifiedDay,
    exitYear,
    headName: headNames(random, villages, memberStart, female, birthDay),
    memberStart,
    memberRelation,
    memberFemale: Uint8Array.from(female),
    memberBirthDay: Int32Array.from(birthDay),
    memberSequence: new Uint16Array(memberRelation.length),
    extras: new Map(),
    plants: new Map(),
    bankPlants: new Map(),
    bankPlanted: [],
  };
  plantProblems(plan, random, povertyType, status);
  assignIdSequences(plan);
  for (let i = 0; i < householdCount; i++) {
    const householdNo = householdNumber(i);
    plan.households.push({
      householdNo,
      regionCode: villages[householdVillage[i]].code,
      villageGroup: `${group[i]}组`,
      povertyType: povertyType[i],
      status: status[i],
      identifiedOn: iso(identifiedDay[i]),
      causeOfPoverty: cause[i],
      exitDeadline: villages[householdVillage[i]].electronicPlanBlank ? null : exitDeadlineOf(seed, i, status[i], exitYear[i]),
      department: 'POVERTY',
      sourceSystem: SOURCE_SYSTEMS.POVERTY,
      sourceRecordId: householdNo,
    });
  }
  plan.planted = describePlants(plan);
  planBankPlants(plan);
  return plan;
}

/**
 * 脱贫时限: the end of a planned year no earlier than the actual exit for households that exited,
 * otherwise the national target 2020-12-31, which households still in poverty have passed.
 */
function exitDeadlineOf(seed: number, index: number, status: HouseholdStatus, exitYear: number): string {
  if (!EVER_EXITED.has(status)) return iso(NATIONAL_EXIT_TARGET);
  const random = new Random(mixSeed(seed, ARCHIVE_FACT_SALT.exitDeadline, index));
  const planned = random.chance(0.6) ? exitYear : random.int(exitYear, Math.max(exitYear, 2020));
  return iso(toDay(planned, 12, 31));
}

function householdNumber(index: number): string {
  return `520524${100001 + index}`;
}

function planRegions(random: Random, householdCount: number): { regions: RegionRecord[]; villages: Village[] } {
  const villageCount = Math.max(Math.min(4, Math.ceil(householdCount / 20)), Math.round(householdCount / 250));
  const townshipCount = Math.min(TOWNSHIP_SEEDS.length, Math.max(Math.min(3, villageCount), Math.ceil(villageCount / 12)));
  const regions: RegionRecord[] = [
    { code: '520000000000', name: '贵州省', level: 'PROVINCE', parentCode: null },
    { code: '520500000000', name: '毕节市', level: 'CITY', parentCode: '520000000000' },
    { code: '520524000000', name: '织金县', level: 'COUNTY', parentCode: '520500000000' },
  ];
  const weights = Array.from({ length: villageCount }, () => random.int(160, 340));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const sizes = weights.map((weight) => Math.max(1, Math.floor((householdCount * weight) / totalWeight)));
  for (let left = householdCount - sizes.reduce((sum, size) => sum + size, 0), v = 0; left !== 0; v = (v + 1) % villageCount) {
    if (left > 0) {
      sizes[v]++;
      left--;
    } else if (sizes[v] > 1) {
      sizes[v]--;
      left++;
    }
  }

  const villages: Village[] = [];
  let firstHousehold = 0;
  let firstCadre = 0;
  for (let t = 0; t < townshipCount; t++) {
    const [suffix, name] = TOWNSHIP_SEEDS[t];
    const township: Township = {
      code: `520524${suffix}000`,
      name,
      government: name.endsWith('街道') ? `${name}办事处` : `${name}人民政府`,
      ethnic: name.includes('族'),
    };
    regions.push({ code: township.code, name, level: 'TOWNSHIP', parentCode: '520524000000' });
    const first = FIRST_VILLAGES[name] ?? [];
    const stems = [...first, ...random.shuffle(VILLAGE_STEMS.filter((stem) => !first.includes(stem)))];
    const from = Math.floor((t * villageCount) / townshipCount);
    const to = Math.floor(((t + 1) * villageCount) / townshipCount);
    for (let v = from; v < to; v++) {
      const villageName = `${stems[v - from]}村`;
      const householdCountOfVillage = sizes[v];
      const cadreCount = Math.max(2, Math.round(householdCountOfVillage / 18));
      const village: Village = {
        code: `${township.code.slice(0, 9)}${201 + v - from}`,
        name: villageName,
        committee: `${villageName}村委会`,
        township,
        groups: random.int(4, 12),
        firstHousehold,
        householdCount: householdCountOfVillage,
        firstCadre,
        cadreCount,
        electronicPlanBlank: false,
      };
      villages.push(village);
      regions.push({ code: village.code, name: villageName, level: 'VILLAGE', parentCode: township.code });
      firstHousehold += householdCountOfVillage;
      firstCadre += cadreCount;
    }
  }
  // The smallest villages (never the first, 五星村) left their electronic plans blank.
  const candidates = villages.filter((_, v) => v > 0 || villageCount === 1).sort((a, b) => a.householdCount - b.householdCount);
  for (const village of candidates.slice(0, Math.max(1, Math.floor(villageCount / 100)))) village.electronicPlanBlank = true;
  return { regions, villages };
}

function planCadres(seed: number, villages: Village[]): CadreRecord[] {
  const cadres: CadreRecord[] = [];
  for (const village of villages) {
    const random = new Random(mixSeed(seed, 4, Number(village.code.slice(6))));
    for (let k = 0; k < village.cadreCount; k++) {
      const female = random.chance(0.35);
      const roll = random.next();
      const organisation = roll < 0.45 ? village.township.government : roll < 0.9 ? random.pick(CADRE_ORGANISATIONS) : village.committee;
      cadres.push({
        name: SURNAMES.pick(random) + givenName(random, female, random.int(1965, 1995)),
        organisation,
        phone: random.pick(PHONE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0'),
        department: 'POVERTY',
        sourceSystem: SOURCE_SYSTEMS.POVERTY,
        sourceRecordId: `GB${village.code}${pad2(k + 1)}`,
      });
    }
  }
  return cadres;
}

function clampAge(age: number): number {
  return Math.min(95, Math.max(0, age));
}

/** A household's composition with ages at identification: head first, ages consistent with relations. */
function familyOf(random: Random, type: PovertyType, size: number): FamilyMember[] {
  const headFemale = random.chance(FEMALE_HEAD[type]);
  const headAge =
    type === 'EXTREME_POVERTY'
      ? random.chance(0.8) ? random.int(58, 90) : random.int(30, 57)
      : type === 'MINIMUM_ALLOWANCE' ? random.int(35, 85) : size >= 5 ? random.int(35, 68) : random.int(26, 72);
  const family: FamilyMember[] = [{ relation: 'HEAD', female: headFemale, age: headAge }];
  let room = size - 1;
  if (type === 'EXTREME_POVERTY') {
    if (room > 0) {
      family.push(
        random.chance(0.5)
          ? { relation: 'SPOUSE', female: !headFemale, age: clampAge(headAge + random.int(-6, 6)) }
          : { relation: 'SIBLING', female: random.chance(0.5), age: clampAge(headAge + random.int(-8, 8)) },
      );
    }
    return family;
  }
  let parentAge = headAge;
  if (room > 0 && random.chance(type === 'GENERAL' ? 0.88 : 0.55)) {
    const spouseAge = Math.max(20, headAge + (headFemale ? 1 : -1) * random.int(-2, 6));
    family.push({ relation: 'SPOUSE', female: !headFemale, age: spouseAge });
    parentAge = Math.min(headAge, spouseAge);
    room--;
  }
  if (room > 0 && headAge <= 50 && random.chance(0.35)) {
    const parents = room >= 3 && random.chance(0.5) ? 2 : 1;
    for (let p = 0; p < parents; p++) {
      family.push({ relation: 'PARENT', female: parents === 2 ? p === 1 : random.chance(0.65), age: clampAge(headAge + random.int(22, 32)) });
    }
    room -= parents;
  }
  if (room >= 3 && parentAge >= 48 && random.chance(0.6)) {
    const childAge = parentAge - random.int(22, 28);
    family.push({ relation: 'CHILD', female: false, age: childAge });
    family.push({ relation: 'CHILD_IN_LAW', female: true, age: Math.max(18, childAge + random.int(-4, 2)) });
    room -= 2;
    let grandchildAge = childAge - random.int(21, 26);
    for (; room > 0; room--) {
      family.push({ relation: 'GRANDCHILD', female: random.chance(0.48), age: Math.max(0, grandchildAge) });
      grandchildAge -= random.int(1, 4);
    }
  }
  let childAge = parentAge - random.int(21, 27);
  for (; room > 0; room--) {
    family.push({ relation: 'CHILD', female: random.chance(0.48), age: Math.max(0, childAge) });
    childAge -= random.int(1, 4);
  }
  return family;
}

/** Heads' names, different within each village unless a duplicate is planted. */
function headNames(random: Random, villages: Village[], memberStart: Int32Array, female: number[], birthDay: number[]): string[] {
  const names: string[] = [];
  for (const village of villages) {
    const taken = new Set<string>();
    for (let i = village.firstHousehold; i < village.firstHousehold + village.householdCount; i++) {
      const head = memberStart[i];
      let name: string;
      do name = SURNAMES.pick(random) + givenName(random, female[head] === 1, yearOf(birthDay[head]));
      while (taken.has(name));
      taken.add(name);
      names.push(name);
    }
  }
  return names;
}

/** A member's name: children take the family surname, spouses and in-laws bring their own. */
function memberName(plan: CountyPlan, household: number, member: number): string {
  const relation = plan.memberRelation[member];
  if (relation === 'HEAD') return plan.headName[household];
  const random = new Random(mixSeed(plan.seed, 3, member));
  const female = plan.memberFemale[member] === 1;
  const head = plan.memberStart[household];
  const headSurname = plan.headName[household][0];
  let surname: string;
  if (relation === 'CHILD' || relation === 'GRANDCHILD') {
    const spouse = head + 1;
    const fatherIsSpouse = plan.memberFemale[head] === 1 && plan.memberRelation[spouse] === 'SPOUSE' && spouse < plan.memberStart[household + 1];
    surname = fatherIsSpouse ? memberName(plan, household, spouse)[0] : headSurname;
  } else if (relation === 'SIBLING' || (relation === 'PARENT' && !female)) {
    surname = headSurname;
  } else {
    surname = SURNAMES.pick(random);
  }
  return surname + givenName(random, female, yearOf(plan.memberBirthDay[member]));
}

/** The last year poverty-office money reaches a household: a year after exit (within the rules' transition period), or until removal. */
function supportUntil(status: HouseholdStatus, exitYear: number, removalYear: number): number {
  if (EVER_EXITED.has(status)) return Math.min(exitYear + 1, 2021);
  if (status === 'REMOVED') return removalYear;
  return LAST_YEAR;
}

const PLANT_RATE = {
  DUPLICATE_CATEGORY_SUBSIDY: 0.025,
  MUTUALLY_EXCLUSIVE: 0.015,
  ONE_TIME_REPEATED: 0.02,
  ANNUAL_CAP_EXCEEDED: 0.015,
  PAID_AFTER_EXIT: 0.02,
  PAID_TO_DECEASED: 0.015,
  MISSING_ARCHIVE_ITEMS: 0.025,
  DUPLICATE_DOCUMENT: 0.02,
  FAMILY_SIZE_MISMATCH: 0.025,
  INCOME_MISMATCH: 0.02,
  POVERTY_TYPE_MISMATCH: 0.025,
  /** Share of households in pairs, for the same ID number and again for the same name and birth date. */
  DUPLICATE_PERSON: 0.01,
  DUPLICATE_HEAD_NAME: 0.02,
  INCOME_ARITHMETIC: 0.015,
  FOUR_LOOKS_ARITHMETIC: 0.015,
  LABOUR_COUNT_MISMATCH: 0.015,
  PAPER_ELECTRONIC_MISMATCH: 0.015,
} satisfies Record<PlantedProblemKind, number>;

function plantProblems(plan: CountyPlan, random: Random, povertyType: PovertyType[], status: HouseholdStatus[]): void {
  const n = plan.headName.length;
  const order = random.shuffle(Array.from({ length: n }, (_, i) => i));
  const { plants, memberStart, memberRelation, memberBirthDay } = plan;
  const identYear = (i: number) => yearOf(plan.identifiedDay[i]);
  const size = (i: number) => memberStart[i + 1] - memberStart[i];
  const ageIn2020 = (m: number) => ageOn(memberBirthDay[m], RECORD_DAY);
  /** Years with poverty-program support known at planning time (removed households are left out). */
  const supported = (i: number) => status[i] !== 'REMOVED' && status[i] !== 'IDENTIFIED';
  const windowEnd = (i: number) => supportUntil(status[i], plan.exitYear[i], 0);
  const count = (rate: number) => Math.max(2, Math.round(rate * n));

  const plantSome = (rate: number, eligible: (i: number) => boolean, plant: (i: number) => Plant) => {
    let wanted = count(rate);
    for (let k = 0; k < n && wanted > 0; k++) {
      const i = order[k];
      if (plants.has(i) || !eligible(i)) continue;
      plants.set(i, plant(i));
      wanted--;
    }
  };
  const partnerInVillage = (i: number, eligible: (j: number) => boolean): number => {
    const village = plan.villages[plan.householdVillage[i]];
    for (let attempt = 0; attempt < 40; attempt++) {
      const j = village.firstHousehold + random.int(0, village.householdCount - 1);
      if (j !== i && !plants.has(j) && eligible(j)) return j;
    }
    return -1;
  };
  const plantPairs = (rate: number, eligible: (i: number) => boolean, partner: (i: number) => number, pair: (i: number, j: number) => void) => {
    let wanted = Math.max(1, Math.round((rate * n) / 2));
    for (let k = 0; k < n && wanted > 0; k++) {
      const i = order[k];
      if (plants.has(i) || !eligible(i)) continue;
      const j = partner(i);
      if (j < 0) continue;
      pair(i, j);
      wanted--;
    }
  };

  plantSome(
    PLANT_RATE.MUTUALLY_EXCLUSIVE,
    (i) => povertyType[i] === 'MINIMUM_ALLOWANCE' && status[i] !== 'REMOVED',
    () => ({ kind: 'MUTUALLY_EXCLUSIVE', year: random.int(2022, LAST_YEAR) }),
  );
  const elderlyNonHead = (i: number) => {
    let oldest = -1;
    for (let m = memberStart[i] + 1; m < memberStart[i + 1]; m++) if (ageIn2020(m) >= 60 && (oldest < 0 || memberBirthDay[m] < memberBirthDay[oldest])) oldest = m;
    return oldest;
  };
  plantSome(
    PLANT_RATE.PAID_TO_DECEASED,
    (i) => status[i] !== 'REMOVED' && (povertyType[i] === 'EXTREME_POVERTY' || elderlyNonHead(i) >= 0),
    (i) =>
      povertyType[i] === 'EXTREME_POVERTY'
        ? { kind: 'PAID_TO_DECEASED', member: memberStart[i], deceasedDay: random.int(toDay(2021, 1, 1), toDay(2023, 6, 30)) }
        : { kind: 'PAID_TO_DECEASED', member: elderlyNonHead(i), deceasedDay: random.int(toDay(2020, 1, 1), toDay(2023, 12, 31)) },
  );
  plantSome(
    PLANT_RATE.PAID_AFTER_EXIT,
    (i) => status[i] === 'EXITED' && plan.exitYear[i] <= 2019,
    (i) => ({
      kind: 'PAID_AFTER_EXIT',
      year: random.int(Math.max(plan.exitYear[i] + 5, 2022), LAST_YEAR),
      programCode: random.pick(['POV_INDUSTRY_CATTLE', 'POV_MICROCREDIT']),
    }),
  );
  plantSome(
    PLANT_RATE.POVERTY_TYPE_MISMATCH,
    () => true,
    (i) => {
      if (povertyType[i] === 'GENERAL' && status[i] !== 'REMOVED' && random.chance(0.5)) {
        const from = random.int(Math.max(identYear(i), 2016), LAST_YEAR);
        return { kind: 'POVERTY_TYPE_MISMATCH', civilDibao: { from, to: Math.min(LAST_YEAR, from + random.int(0, 2)) }, document: null };
      }
      const stated: PovertyType = povertyType[i] === 'MINIMUM_ALLOWANCE' ? 'GENERAL' : 'MINIMUM_ALLOWANCE';
      return { kind: 'POVERTY_TYPE_MISMATCH', civilDibao: null, document: { typeCode: random.pick(['P13', 'E02', 'P02']), stated } };
    },
  );

  const adultChild = (i: number) => {
    for (let m = memberStart[i] + 1; m < memberStart[i + 1]; m++) if (memberRelation[m] === 'CHILD' && ageIn2020(m) >= 18) return m;
    return -1;
  };
  const addExtra = (i: number, extra: Omit<ExtraMember, 'sequence'>) => {
    const list = plan.extras.get(i) ?? [];
    list.push({ ...extra, sequence: 0 });
    plan.extras.set(i, list);
  };
  const relationInOtherHousehold = (j: number, m: number, sameIdNumber: boolean): Relation => {
    const difference = ageIn2020(memberStart[j]) - ageIn2020(m);
    if (difference >= 18) return sameIdNumber ? 'CHILD_IN_LAW' : 'CHILD';
    return difference <= -18 ? 'PARENT' : 'OTHER';
  };
  plantPairs(
    PLANT_RATE.DUPLICATE_PERSON,
    (i) => adultChild(i) >= 0,
    (i) => {
      for (let attempt = 0; attempt < 40; attempt++) {
        const j = random.int(0, n - 1);
        if (j !== i && !plants.has(j) && size(j) <= 6) return j;
      }
      return -1;
    },
    (i, j) => {
      const m = adultChild(i);
      plants.set(i, { kind: 'DUPLICATE_PERSON', other: j, member: m, sameIdNumber: true });
      plants.set(j, { kind: 'DUPLICATE_PERSON', other: i, member: m, sameIdNumber: true });
      addExtra(j, { sourceHousehold: i, sourceMember: m, relation: relationInOtherHousehold(j, m, true), sameIdNumber: true });
    },
  );
  plantPairs(
    PLANT_RATE.DUPLICATE_PERSON,
    (i) => size(i) >= 2,
    (i) => partnerInVillage(i, (j) => size(j) <= 6),
    (i, j) => {
      const m = memberStart[i] + random.int(1, size(i) - 1);
      plants.set(i, { kind: 'DUPLICATE_PERSON', other: j, member: m, sameIdNumber: false });
      plants.set(j, { kind: 'DUPLICATE_PERSON', other: i, member: m, sameIdNumber: false });
      addExtra(j, { sourceHousehold: i, sourceMember: m, relation: relationInOtherHousehold(j, m, false), sameIdNumber: false });
    },
  );
  plantPairs(
    PLANT_RATE.DUPLICATE_HEAD_NAME,
    () => true,
    (i) => partnerInVillage(i, (j) => plan.memberFemale[memberStart[j]] === plan.memberFemale[memberStart[i]]),
    (i, j) => {
      plan.headName[j] = plan.headName[i];
      plants.set(i, { kind: 'DUPLICATE_HEAD_NAME', other: j });
      plants.set(j, { kind: 'DUPLICATE_HEAD_NAME', other: i });
    },
  );

  plantSome(
    PLANT_RATE.DUPLICATE_CATEGORY_SUBSIDY,
    supported,
    (i) => ({ kind: 'DUPLICATE_CATEGORY_SUBSIDY', project: random.chance(0.6) ? 'GOAT' : 'HOUSING', year: random.int(identYear(i), Math.min(windowEnd(i), 2020)) }),
  );
  plantSome(
    PLANT_RATE.ONE_TIME_REPEATED,
    (i) => supported(i) && windowEnd(i) > identYear(i),
    (i) => {
      const year = random.int(Math.max(identYear(i), 2015), Math.min(windowEnd(i) - 1, 2020));
      return { kind: 'ONE_TIME_REPEATED', year, repeatYear: random.int(year + 1, windowEnd(i)), repeatProgram: random.chance(0.7) ? 'AGR_BIOGAS' : 'POV_BIOGAS' };
    },
  );
  plantSome(
    PLANT_RATE.ANNUAL_CAP_EXCEEDED,
    supported,
    (i) => ({
      kind: 'ANNUAL_CAP_EXCEEDED',
      year: random.int(identYear(i), Math.min(windowEnd(i), 2020)),
      programCode: random.chance(0.7) ? 'POV_INDUSTRY_CATTLE' : 'AGR_CATTLE',
      amountFen: random.int(320, 480) * 10_000,
    }),
  );
  plantSome(
    PLANT_RATE.MISSING_ARCHIVE_ITEMS,
    (i) => !plan.villages[plan.householdVillage[i]].electronicPlanBlank,
    (i) => {
      const paper = ARCHIVE_ITEMS[status[i]].filter((item) => item.paper).map((item) => item.code);
      const missing = random.shuffle(paper).slice(0, random.int(3, 6));
      return { kind: 'MISSING_ARCHIVE_ITEMS', missing: missing.sort() };
    },
  );
  plantSome(
    PLANT_RATE.DUPLICATE_DOCUMENT,
    () => true,
    () => ({ kind: 'DUPLICATE_DOCUMENT', typeCode: random.pick(['P02', 'P03', 'P04', 'P05', 'P13']), copies: random.int(2, 3) }),
  );
  plantSome(
    PLANT_RATE.FAMILY_SIZE_MISMATCH,
    () => true,
    (i) => {
      const delta = random.pick(size(i) === 1 ? [1, 2] : [-1, 1, 2, -2].filter((d) => size(i) + d >= 1));
      return { kind: 'FAMILY_SIZE_MISMATCH', typeCode: random.pick(['P01', 'P02', 'P03']), delta };
    },
  );
  plantSome(
    PLANT_RATE.INCOME_MISMATCH,
    () => true,
    () => ({ kind: 'INCOME_MISMATCH', deltaFen: (random.chance(0.5) ? 1 : -1) * random.int(300_00, 1200_00) }),
  );

  // Planted after every other kind, so that the households and draws above stay as they were.
  plantSome(
    PLANT_RATE.INCOME_ARITHMETIC,
    () => true,
    // A P04 records at least 1200 yuan a person (the 2014 line less 1600), so the components stay positive.
    () => ({ kind: 'INCOME_ARITHMETIC', deltaFen: (random.chance(0.5) ? 1 : -1) * random.int(100_00, 900_00) }),
  );
  plantSome(
    PLANT_RATE.FOUR_LOOKS_ARITHMETIC,
    () => true,
    (i) => {
      const weighted = fourLooksTotal(fourLooksScoresOf(plan.seed, i));
      const delta = random.int(300, 1500);
      return { kind: 'FOUR_LOOKS_ARITHMETIC', delta: weighted + delta <= 100_00 && (weighted < delta || random.chance(0.5)) ? delta : -delta };
    },
  );
  plantSome(
    PLANT_RATE.LABOUR_COUNT_MISMATCH,
    () => true,
    () => ({ kind: 'LABOUR_COUNT_MISMATCH', typeCode: random.pick(['P01', 'P02', 'P03', 'P13']), delta: random.pick([-2, -1, 1, 2]) }),
  );
  plantSome(
    PLANT_RATE.PAPER_ELECTRONIC_MISMATCH,
    () => true,
    (i) => ({ kind: 'PAPER_ELECTRONIC_MISMATCH', delta: random.pick(size(i) === 1 ? [1, 2] : [-1, 1, 2, -2].filter((d) => size(i) + d >= 1)) }),
  );
}

/** ID sequence numbers (odd for men, even for women), unique per birth date. */
function assignIdSequences(plan: CountyPlan): void {
  const used = new Map<number, number>();
  const next = (birthDay: number, female: boolean): number => {
    const key = birthDay * 2 + (female ? 1 : 0);
    const k = used.get(key) ?? 0;
    if (k >= 499) throw new Error(`more than 499 people born on ${iso(birthDay)}`);
    used.set(key, k + 1);
    const slot = (mixSeed(plan.seed, 9, key) + 37 * k) % 499;
    return 2 * slot + (female ? 2 : 1);
  };
  for (let m = 0; m < plan.memberRelation.length; m++) plan.memberSequence[m] = next(plan.memberBirthDay[m], plan.memberFemale[m] === 1);
  for (const extras of plan.extras.values()) {
    for (const extra of extras) {
      const m = extra.sourceMember;
      extra.sequence = extra.sameIdNumber ? plan.memberSequence[m] : next(plan.memberBirthDay[m], plan.memberFemale[m] === 1);
    }
  }
}

function idNumberOf(birthDay: number, sequence: number): string {
  return composeIdNumber('520524', iso(birthDay), sequence);
}

function describePlants(plan: CountyPlan): PlantedProblem[] {
  const entries: PlantedProblem[] = [];
  for (const [i, plant] of [...plan.plants.entries()].sort((a, b) => a[0] - b[0])) {
    const householdNo = householdNumber(i);
    const head = plan.headName[i];
    const headId = idNumberOf(plan.memberBirthDay[plan.memberStart[i]], plan.memberSequence[plan.memberStart[i]]);
    let detail: string;
    switch (plant.kind) {
      case 'DUPLICATE_CATEGORY_SUBSIDY':
        detail =
          plant.project === 'GOAT'
            ? `goat raising (黑山羊) funded twice in ${plant.year}: POV_INDUSTRY_GOAT by POVERTY and AGR_GOAT by AGRI`
            : `housing renovation funded twice in ${plant.year}: POV_HOUSING_RENOVATION by POVERTY and CIV_HOUSING by CIVIL, periods overlap`;
        break;
      case 'MUTUALLY_EXCLUSIVE':
        detail = `head ${head} (${headId}) on CIV_DIBAO and CIV_TEKUN in ${plant.year}`;
        break;
      case 'ONE_TIME_REPEATED':
        detail = `biogas digester (one-time) paid twice: POV_BIOGAS ${plant.year} and ${plant.repeatProgram} ${plant.repeatYear}`;
        break;
      case 'ANNUAL_CAP_EXCEEDED':
        detail = `INDUSTRY_LIVESTOCK total ${money(plant.amountFen)} in ${plant.year} (${plant.programCode}), normal at most 10000.00`;
        break;
      case 'PAID_AFTER_EXIT':
        detail = `exited in ${plan.exitYear[i]}, ${plant.programCode} paid in ${plant.year}`;
        break;
      case 'PAID_TO_DECEASED': {
        const name = memberName(plan, i, plant.member);
        const program = plant.member === plan.memberStart[i] ? 'CIV_TEKUN continues' : 'CIV_MEDICAL paid';
        detail = `${name} (${idNumberOf(plan.memberBirthDay[plant.member], plan.memberSequence[plant.member])}) died ${iso(plant.deceasedDay)}, ${program} after that date`;
        break;
      }
      case 'MISSING_ARCHIVE_ITEMS':
        detail = `archive lacks ${plant.missing.join(', ')}`;
        break;
      case 'DUPLICATE_DOCUMENT':
        detail = `${plant.copies} copies of ${plant.typeCode} ${DOCUMENT_TYPE.get(plant.typeCode)!.name}`;
        break;
      case 'FAMILY_SIZE_MISMATCH': {
        const members = plan.memberStart[i + 1] - plan.memberStart[i] + (plan.extras.get(i)?.length ?? 0);
        detail = `${plant.typeCode} ${DOCUMENT_TYPE.get(plant.typeCode)!.name} states family size ${members + plant.delta}, ${members} members on record`;
        break;
      }
      case 'INCOME_MISMATCH':
        detail = `P04 per-capita income differs from P02 by ${money(Math.abs(plant.deltaFen))}`;
        break;
      case 'POVERTY_TYPE_MISMATCH':
        detail = plant.civilDibao
          ? `POVERTY records GENERAL, CIVIL pays CIV_DIBAO (低保) ${plant.civilDibao.from}-${plant.civilDibao.to}`
          : `${plant.document!.typeCode} states ${plant.document!.stated} (${POVERTY_TYPE_NAME[plant.document!.stated]}), POVERTY records ${plan.households[i].povertyType}`;
        break;
      case 'DUPLICATE_PERSON': {
        const name = memberName(plan, sourceOf(plan, i, plant), plant.member);
        const birth = iso(plan.memberBirthDay[plant.member]);
        detail = plant.sameIdNumber
          ? `${name} ${idNumberOf(plan.memberBirthDay[plant.member], plan.memberSequence[plant.member])} is a member of ${householdNo} and ${householdNumber(plant.other)}`
          : `${name} born ${birth} recorded in ${householdNo} and ${householdNumber(plant.other)} (same village) under different ID numbers`;
        break;
      }
      case 'DUPLICATE_HEAD_NAME':
        detail = `head ${head} shares the name with the head of ${householdNumber(plant.other)} in the same village`;
        break;
      case 'INCOME_ARITHMETIC':
        detail = `P04 ${DOCUMENT_TYPE.get('P04')!.name}: its income components give ${money(Math.abs(plant.deltaFen))} yuan per person ${plant.deltaFen > 0 ? 'more' : 'less'} than the per-capita income it records`;
        break;
      case 'FOUR_LOOKS_ARITHMETIC': {
        const weighted = fourLooksTotal(fourLooksScoresOf(plan.seed, i));
        detail = `P03 ${DOCUMENT_TYPE.get('P03')!.name} records a total of ${money(weighted + plant.delta)}, its item scores weighted give ${money(weighted)}`;
        break;
      }
      case 'LABOUR_COUNT_MISMATCH': {
        const actual = labourCountOf(peopleOf(plan, i));
        detail = `${plant.typeCode} ${DOCUMENT_TYPE.get(plant.typeCode)!.name} states labour count ${misstatedLabourCount(actual, plant.delta)}, ${actual} members with ORDINARY or SKILLED labour ability on record`;
        break;
      }
      case 'PAPER_ELECTRONIC_MISMATCH': {
        const members = plan.memberStart[i + 1] - plan.memberStart[i] + (plan.extras.get(i)?.length ?? 0);
        detail = `E02 ${DOCUMENT_TYPE.get('E02')!.name} (electronic) states family size ${members + plant.delta}, paper P02 ${DOCUMENT_TYPE.get('P02')!.name} states ${members}`;
        break;
      }
    }
    entries.push({ kind: plant.kind, householdNo, detail });
  }
  for (const village of plan.villages.filter((v) => v.electronicPlanBlank)) {
    for (let i = village.firstHousehold; i < village.firstHousehold + village.householdCount; i++) {
      if (plan.households[i].status === 'IDENTIFIED') continue;
      entries.push({
        kind: 'MISSING_ARCHIVE_ITEMS',
        householdNo: householdNumber(i),
        detail: `E05 帮扶规划 and E08 脱贫时限 blank for every household in ${village.township.name}${village.name}`,
      });
    }
  }
  const rank = new Map(PLANTED_PROBLEM_KINDS.map((kind, k) => [kind, k]));
  return entries.sort((a, b) => rank.get(a.kind)! - rank.get(b.kind)! || a.householdNo.localeCompare(b.householdNo));
}

/** The household whose member a duplicate-person plant copies. */
function sourceOf(plan: CountyPlan, i: number, plant: { other: number; member: number }): number {
  return plant.member >= plan.memberStart[i] && plant.member < plan.memberStart[i + 1] ? i : plant.other;
}

// ---------------------------------------------------------------------------------------------
// Expansion: everything recorded about one household, regenerated from its own random stream

interface Person {
  key: string;
  name: string;
  idNumber: string;
  relation: Relation;
  female: boolean;
  birthDay: number;
  age: number;
  health: HealthCondition;
  labour: LabourAbility;
  student: boolean;
  migrant: boolean;
  deceasedDay: number | null;
}

interface HouseholdContext {
  plan: CountyPlan;
  index: number;
  household: HouseholdRecord;
  village: Village;
  random: Random;
  plant: Plant | undefined;
  people: Person[];
  identifiedDay: number;
  identYear: number;
  exitYear: number;
  assistedDay: number | null;
  exitDay: number | null;
  removalDay: number | null;
  bankCardNo: string;
  subsidySequence: Record<DepartmentCode, number>;
  out: HouseholdBatch;
  bankPlant: BankPlant | undefined;
  /** The household's card as payments name it; set once the members are known. */
  card: CardHolder | null;
  paymentSequence: number;
}

function expandHousehold(plan: CountyPlan, index: number, out: HouseholdBatch): void {
  const ctx = householdContext(plan, index, out);
  addMembers(ctx);
  addBankCard(ctx);
  addStatusHistory(ctx);
  const cadrePeriods = addPairingsAndVisits(ctx);
  addSubsidies(ctx);
  addDocuments(ctx, cadrePeriods.firstVisitDay);
  addBankPlantRecords(ctx);
}

function emptyBatch(): HouseholdBatch {
  return { households: [], members: [], statusChanges: [], subsidies: [], documents: [], pairings: [], visits: [], cards: [], payments: [] };
}

/** The members of one household as expansion makes them, without the rest of its records. */
function peopleOf(plan: CountyPlan, index: number): Person[] {
  const ctx = householdContext(plan, index, emptyBatch());
  addMembers(ctx);
  return ctx.people;
}

function householdContext(plan: CountyPlan, index: number, out: HouseholdBatch): HouseholdContext {
  const household = plan.households[index];
  const identifiedDay = plan.identifiedDay[index];
  return {
    plan,
    index,
    household,
    village: plan.villages[plan.householdVillage[index]],
    random: new Random(mixSeed(plan.seed, 2, index)),
    plant: plan.plants.get(index),
    people: [],
    identifiedDay,
    identYear: yearOf(identifiedDay),
    exitYear: plan.exitYear[index],
    assistedDay: null,
    exitDay: null,
    removalDay: null,
    bankCardNo: bankCardNumber(plan.seed, index),
    subsidySequence: { ARCHIVE: 0, POVERTY: 0, CIVIL: 0, AGRI: 0 },
    out,
    bankPlant: plan.bankPlants.get(index),
    card: null,
    paymentSequence: 0,
  };
}

/** A 19-digit card number (一户一卡) with a Luhn check digit, unique per household. */
function bankCardNumber(seed: number, index: number): string {
  const body = `6217003${String((index * 2_654_435_761 + (seed % 100_000) * 1_000_003 + 12_345_678_901) % 100_000_000_000).padStart(11, '0')}`;
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let digit = Number(body[body.length - 1 - k]);
    if (k % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return body + ((10 - (sum % 10)) % 10);
}

const EDUCATION_ADULT = new WeightedChoice<string>([['文盲或半文盲', 2], ['小学', 25], ['初中', 50], ['高中', 12], ['中专', 6], ['大专', 5]]);
const EDUCATION_MIDDLE_AGED = new WeightedChoice<string>([['文盲或半文盲', 15], ['小学', 45], ['初中', 32], ['高中', 8]]);
const EDUCATION_ELDERLY = new WeightedChoice<string>([['文盲或半文盲', 45], ['小学', 45], ['初中', 10]]);

/** Shares of chronic illness, serious illness and disability by age: under 40, under 60, older. */
const HEALTH_RISKS = [
  [0.03, 0.01, 0.04],
  [0.12, 0.04, 0.06],
  [0.28, 0.08, 0.09],
] as const;

function healthFor(random: Random, age: number): HealthCondition {
  const roll = random.next();
  const [chronic, serious, disabled] = HEALTH_RISKS[age < 40 ? 0 : age < 60 ? 1 : 2];
  if (roll < chronic) return 'CHRONIC_ILLNESS';
  if (roll < chronic + serious) return 'SERIOUS_ILLNESS';
  return roll < chronic + serious + disabled ? 'DISABLED' : 'HEALTHY';
}

function addMembers(ctx: HouseholdContext): void {
  const { plan, index, random, household, plant } = ctx;
  const ethnicity = (ctx.village.township.ethnic ? ETHNICITY_IN_ETHNIC_TOWNSHIPS : ETHNICITY).pick(random);
  const add = (member: number, sourceHousehold: number, relation: Relation, sequence: number) => {
    const birthDay = plan.memberBirthDay[member];
    ctx.people.push({
      key: `${household.householdNo}-${pad2(ctx.people.length + 1)}`,
      name: memberName(plan, sourceHousehold, member),
      idNumber: idNumberOf(birthDay, sequence),
      relation,
      female: plan.memberFemale[member] === 1,
      birthDay,
      age: ageOn(birthDay, RECORD_DAY),
      health: 'HEALTHY',
      labour: 'ORDINARY',
      student: false,
      migrant: false,
      deceasedDay: null,
    });
  };
  for (let m = plan.memberStart[index]; m < plan.memberStart[index + 1]; m++) add(m, index, plan.memberRelation[m], plan.memberSequence[m]);
  for (const extra of plan.extras.get(index) ?? []) add(extra.sourceMember, extra.sourceHousehold, extra.relation, extra.sequence);

  const people = ctx.people;
  for (const person of people) person.health = healthFor(random, person.age);
  const cause = household.causeOfPoverty;
  if (cause === '因病' && !people.some((p) => p.health === 'CHRONIC_ILLNESS' || p.health === 'SERIOUS_ILLNESS')) {
    random.pick(people).health = random.chance(0.6) ? 'CHRONIC_ILLNESS' : 'SERIOUS_ILLNESS';
  }
  if (cause === '因残' && !people.some((p) => p.health === 'DISABLED')) random.pick(people).health = 'DISABLED';

  for (const person of people) {
    const { age } = person;
    person.student = (age >= 6 && age <= 15) || (age >= 16 && age <= 18 && random.chance(0.8)) || (age >= 19 && age <= 22 && random.chance(0.3));
    if (person.student || age < 16 || age > 65) person.labour = 'NONE';
    else if (person.health === 'DISABLED' || person.health === 'SERIOUS_ILLNESS') person.labour = 'LOST';
    else if (age > 60) person.labour = random.chance(0.6) ? 'ORDINARY' : 'LOST';
    else person.labour = random.chance(0.12) ? 'SKILLED' : 'ORDINARY';
    person.migrant = (person.labour === 'ORDINARY' || person.labour === 'SKILLED') && age >= 18 && age <= 50 && random.chance(0.45);
    if (person.relation !== 'HEAD' && age >= 70 && random.chance(0.06)) person.deceasedDay = random.int(toDay(2021, 1, 1), toDay(2024, 10, 31));
  }
  if (plant?.kind === 'PAID_TO_DECEASED') people[plant.member - plan.memberStart[index]].deceasedDay = plant.deceasedDay;

  for (const person of people) {
    ctx.out.members.push({
      householdNo: household.householdNo,
      idNumber: person.idNumber,
      name: person.name,
      relation: person.relation,
      ethnicity: person.relation === 'SPOUSE' || person.relation === 'CHILD_IN_LAW' || person.relation === 'OTHER'
        ? (random.chance(0.2) ? ETHNICITY.pick(random) : ethnicity)
        : ethnicity,
      education: educationOf(random, person),
      health: person.health,
      labourAbility: person.labour,
      migrantWorker: person.migrant,
      student: person.student,
      deceasedOn: person.deceasedDay === null ? null : iso(person.deceasedDay),
      department: 'POVERTY',
      sourceSystem: SOURCE_SYSTEMS.POVERTY,
      sourceRecordId: person.key,
    });
  }
}

function educationOf(random: Random, person: Person): string {
  const { age } = person;
  if (age < 6) return '学龄前';
  if (age <= 12) return '小学';
  if (age <= 15) return '初中';
  if (age <= 18) return person.student ? random.pick(['高中', '中专']) : '初中';
  if (age <= 22 && person.student) return random.pick(['大专', '本科及以上', '中专']);
  if (age <= 45) return EDUCATION_ADULT.pick(random);
  return age <= 60 ? EDUCATION_MIDDLE_AGED.pick(random) : EDUCATION_ELDERLY.pick(random);
}

function addStatusHistory(ctx: HouseholdContext): void {
  const { random, household, village } = ctx;
  const status = household.status;
  const changes: Array<[HouseholdStatus, number, string, string, string]> = [];
  changes.push(['IDENTIFIED', ctx.identifiedDay, village.committee, '农户申请，村民代表大会民主评议，公示无异议', '贫困识别申请书、评议记录、公示照片']);
  if (status !== 'IDENTIFIED') {
    ctx.assistedDay = ctx.identifiedDay + random.int(15, 75);
    changes.push(['ASSISTED', ctx.assistedDay, '织金县扶贫开发办公室', '落实结对帮扶责任人，制定帮扶计划', '结对帮扶目标责任书']);
  }
  if (status === 'REMOVED') {
    ctx.removalDay = Math.min(ctx.assistedDay! + random.int(120, 900), Math.max(ctx.assistedDay! + 30, toDay(2019, 12, 31)));
    changes.push(['REMOVED', ctx.removalDay, '织金县扶贫开发领导小组', random.pick(REMOVAL_REASONS), '复核表、村民代表大会评议记录']);
  }
  if (EVER_EXITED.has(status)) {
    ctx.exitDay = toDay(ctx.exitYear, 11, 15) + random.int(0, 40);
    const line = POVERTY_LINE[ctx.exitYear];
    changes.push([
      'EXITED',
      ctx.exitDay,
      village.township.government,
      `人均纯收入稳定超过${ctx.exitYear}年扶贫标准${line}元，“两不愁三保障”达标，经村评议、乡镇审核、县审定退出`,
      '脱贫评估评分表、年度脱贫农户检查验收表',
    ]);
    let day = ctx.exitDay;
    if (status === 'MONITORED' || (status === 'RETURNED_TO_POVERTY' && random.chance(0.5))) {
      day = toDay(random.int(2021, 2023), random.int(3, 10), random.int(1, 28));
      changes.push(['MONITORED', day, '织金县乡村振兴局', random.pick(['纳入防返贫动态监测（脱贫不稳定户）', '纳入防返贫动态监测（突发严重困难户）']), '监测对象认定表']);
    }
    if (status === 'RETURNED_TO_POVERTY') {
      day = Math.min(Math.max(day + random.int(60, 400), toDay(2021, 3, 1)), AS_OF);
      changes.push(['RETURNED_TO_POVERTY', day, village.township.government, random.pick(['因病返贫', '因灾返贫', '因意外事故返贫']), '返贫认定表、医疗费用票据']);
    }
  }
  let from: HouseholdStatus | null = null;
  for (const [k, [to, day, actor, reason, evidence]] of changes.entries()) {
    ctx.out.statusChanges.push({
      householdNo: household.householdNo,
      fromStatus: from,
      toStatus: to,
      effectiveOn: iso(day),
      actor,
      reason,
      evidence,
      department: 'POVERTY',
      sourceSystem: SOURCE_SYSTEMS.POVERTY,
      sourceRecordId: `${household.householdNo}-S${k + 1}`,
    });
    from = to;
  }
}

function addPairingsAndVisits(ctx: HouseholdContext): { firstVisitDay: number | null } {
  const { random, household, village, plan } = ctx;
  if (ctx.assistedDay === null) return { firstVisitDay: null };
  const start = ctx.assistedDay;
  let end: number | null = null;
  if (household.status === 'EXITED') end = Math.max(ctx.exitDay! + 30, Math.min(ctx.exitDay! + random.int(365, 900), toDay(2021, 6, 30)));
  if (household.status === 'REMOVED') end = ctx.removalDay;
  const cadre = () => plan.cadres[village.firstCadre + random.int(0, village.cadreCount - 1)].sourceRecordId;
  const periods: Array<{ cadreKey: string; start: number; end: number | null }> = [];
  const lastDay = Math.min(end ?? AS_OF, AS_OF);
  if (lastDay - start > 365 && random.chance(0.25)) {
    const handover = start + Math.floor((lastDay - start) * (0.3 + 0.4 * random.next()));
    const first = cadre();
    let second = cadre();
    for (let attempt = 0; second === first && attempt < 5; attempt++) second = cadre();
    periods.push({ cadreKey: first, start, end: handover }, { cadreKey: second, start: handover + 1, end });
  } else {
    periods.push({ cadreKey: cadre(), start, end });
  }
  let firstVisitDay: number | null = null;
  let visitCount = 0;
  for (const [k, period] of periods.entries()) {
    ctx.out.pairings.push({
      cadreKey: period.cadreKey,
      householdNo: household.householdNo,
      startDate: iso(period.start),
      endDate: period.end === null ? null : iso(period.end),
      department: 'POVERTY',
      sourceSystem: SOURCE_SYSTEMS.POVERTY,
      sourceRecordId: `${household.householdNo}-P${k + 1}`,
    });
    const until = Math.min(period.end ?? AS_OF, AS_OF);
    const visits = Math.max(1, Math.min(4, Math.round(((until - period.start) / 365) * (0.5 + random.next()))));
    const days = Array.from({ length: visits }, () => random.int(period.start, until)).sort((a, b) => a - b);
    for (const day of days) {
      firstVisitDay ??= day;
      ctx.out.visits.push({
        cadreKey: period.cadreKey,
        householdNo: household.householdNo,
        visitedOn: iso(day),
        notes: random.pick(day >= MONITORING_SINCE && random.chance(0.5) ? MONITORING_VISIT_NOTES : VISIT_NOTES),
        department: 'POVERTY',
        sourceSystem: SOURCE_SYSTEMS.POVERTY,
        sourceRecordId: `${household.householdNo}-V${++visitCount}`,
      });
    }
  }
  return { firstVisitDay };
}

interface Grant {
  programCode: string;
  year: number;
  amountFen: number;
  startDay: number;
  endDay: number;
  approvedDay: number;
  paidDay: number;
  memberKey?: string;
}

function grant(ctx: HouseholdContext, g: Grant): void {
  const department = PROGRAM_DEPARTMENT.get(g.programCode)!;
  // The poverty office stops paying a household on the day it is removed (清退).
  if (department === 'POVERTY' && ctx.removalDay !== null && g.paidDay > ctx.removalDay) return;
  // Some 2024 payments are still pending and a few were withdrawn; planted households keep every
  // payment made, so that their problems are unambiguous.
  const roll = ctx.plant === undefined || ARCHIVE_FACT_PLANTS.has(ctx.plant.kind) ? ctx.random.next() : 0.5;
  let state: SubsidyState = 'PAID';
  if (g.year === LAST_YEAR && roll < 0.01) state = 'APPLIED';
  else if (g.year === LAST_YEAR && roll < 0.06) state = 'APPROVED';
  else if (roll > 0.996) state = 'WITHDRAWN';
  const approvedOn = state === 'APPLIED' ? null : iso(g.approvedDay);
  const paidOn = state === 'PAID' ? iso(g.paidDay) : null;
  const sequence = ++ctx.subsidySequence[department];
  const sourceRecordId = `${SUBSIDY_ID_PREFIX[department]}-${ctx.household.householdNo}-${PADDED[sequence]}`;
  const record: SubsidyRecord = {
    householdNo: ctx.household.householdNo,
    memberKey: g.memberKey ?? null,
    programCode: g.programCode,
    amount: money(g.amountFen),
    startDate: iso(g.startDay),
    endDate: iso(g.endDay),
    year: g.year,
    state,
    approvedOn,
    paidOn,
    bankCardNo: ctx.bankCardNo,
    department,
    sourceSystem: SOURCE_SYSTEMS[department],
    sourceRecordId,
    paymentReference: paymentReferenceOf(department, g.year, state, sourceRecordId),
  };
  ctx.out.subsidies.push(record);
  // The bank pays what was approved on the day the department's records give (or would give).
  if ((state === 'APPROVED' || state === 'PAID') && yearOf(g.paidDay) === DEMO_BANK_YEAR) payFromBank(ctx, record, g.amountFen, g.paidDay);
}

/** A project approved in spring or summer, carried out within months, paid on completion. */
function project(ctx: HouseholdContext, programCode: string, year: number, amountFen: number): void {
  const approvedDay = toDay(year, ctx.random.int(3, 8), ctx.random.int(1, 28));
  const endDay = Math.min(approvedDay + ctx.random.int(60, 180), toDay(year, 12, 31));
  const paidDay = Math.min(endDay, approvedDay + ctx.random.int(20, 90));
  grant(ctx, { programCode, year, amountFen, startDay: approvedDay, endDay, approvedDay, paidDay });
}

const yuan = (amount: number) => amount * 100;
const DIBAO_MONTHLY_STANDARD: Record<number, number> = { 2016: 180, 2017: 200, 2018: 230, 2019: 260, 2020: 290, 2021: 310, 2022: 330, 2023: 350, 2024: 370 };
const TEKUN_YEARLY: Record<number, number> = { 2016: 4800, 2017: 5100, 2018: 5400, 2019: 5700, 2020: 6000, 2021: 6240, 2022: 6480, 2023: 6600, 2024: 6780 };
const FARMLAND_RATE_FEN_PER_MU: Record<number, number> = { 2021: 7636, 2022: 7636, 2023: 7811, 2024: 7811 };

/** 低保: yearly totals from the civil affairs system until 2023, monthly payments in 2024. */
function dibao(ctx: HouseholdContext, from: number, to: number): void {
  const { random } = ctx;
  const persons = Math.max(1, ctx.people.length - (random.chance(0.3) ? 1 : 0));
  const share = 0.7 + 0.3 * random.next();
  const monthly = (year: number) => yuan(Math.round((persons * DIBAO_MONTHLY_STANDARD[year] * share) / 5) * 5);
  for (let year = from; year <= to; year++) {
    if (year < LAST_YEAR) {
      grant(ctx, {
        programCode: 'CIV_DIBAO', year, amountFen: 12 * monthly(year),
        startDay: toDay(year, 1, 1), endDay: toDay(year, 12, 31), approvedDay: toDay(year, 1, 5), paidDay: toDay(year, 12, 10),
      });
      continue;
    }
    for (let month = 1; month <= 12; month++) {
      grant(ctx, {
        programCode: 'CIV_DIBAO', year, amountFen: monthly(year),
        startDay: toDay(year, month, 1), endDay: toDay(year, month + 1, 1) - 1, approvedDay: toDay(year, month, 1), paidDay: toDay(year, month, 10),
      });
    }
  }
}

function tekun(ctx: HouseholdContext, person: Person, year: number, centralised: boolean): void {
  grant(ctx, {
    programCode: 'CIV_TEKUN', year, amountFen: Math.round(yuan(TEKUN_YEARLY[year]) * (centralised ? 1.24 : 1)),
    startDay: toDay(year, 1, 1), endDay: toDay(year, 12, 31), approvedDay: toDay(year, 1, 5), paidDay: toDay(year, 1, 20),
    memberKey: person.key,
  });
}

function oneOff(ctx: HouseholdContext, programCode: string, year: number, amountFen: number, memberKey?: string): void {
  const approvedDay = toDay(year, ctx.random.int(2, 10), ctx.random.int(1, 28));
  const paidDay = approvedDay + ctx.random.int(20, 90);
  grant(ctx, { programCode, year, amountFen, startDay: approvedDay, endDay: paidDay, approvedDay, paidDay, memberKey });
}

/** A year in [from, to] ∩ [low, high], or null when they do not meet. */
function yearBetween(random: Random, from: number, to: number, low = from, high = to): number | null {
  const a = Math.max(from, low);
  const b = Math.min(to, high);
  return a > b ? null : random.int(a, b);
}

function addSubsidies(ctx: HouseholdContext): void {
  const { random, household, people, plant } = ctx;
  const status = household.status;
  const head = people[0];
  const removalYear = ctx.removalDay === null ? 0 : yearOf(ctx.removalDay);
  const until = supportUntil(status, ctx.exitYear, removalYear);
  const supported = status !== 'IDENTIFIED';
  const from = ctx.identYear;
  const civilUntil = status === 'REMOVED' ? removalYear : LAST_YEAR;
  const alive = (person: Person, year: number) => person.deceasedDay === null || year < yearOf(person.deceasedDay);
  const plantKind = plant?.kind;

  // Archive bureau: Spring Festival consolation to the households it is paired with.
  if (supported && random.chance(0.9)) {
    const years: number[] = [];
    for (let year = Math.max(from + 1, 2016); year <= until; year++) years.push(year);
    for (const year of random.shuffle(years).slice(0, random.int(1, 3))) {
      const day = toDay(year, 1, random.int(10, 35));
      grant(ctx, { programCode: 'ARC_PAIRING_CONSOLATION', year, amountFen: yuan(random.pick([200, 300, 400, 500])), startDay: day, endDay: day, approvedDay: day - 10, paidDay: day });
    }
  }

  // Agriculture: farmland subsidy to every farming household, poor or exited.
  if (random.chance(0.92)) {
    const tenthsOfMu = random.int(10, 80);
    for (let year = 2021; year <= LAST_YEAR; year++) {
      const paidDay = toDay(year, random.int(6, 7), random.int(1, 28));
      grant(ctx, {
        programCode: 'AGR_FARMLAND', year, amountFen: Math.round((tenthsOfMu * FARMLAND_RATE_FEN_PER_MU[year]) / 10),
        startDay: toDay(year, 1, 1), endDay: toDay(year, 12, 31), approvedDay: paidDay - random.int(20, 40), paidDay,
      });
    }
  }

  // Civil affairs: 低保 for minimum-allowance households, 特困供养 for extreme-poverty persons.
  if (household.povertyType === 'MINIMUM_ALLOWANCE') dibao(ctx, Math.max(from, 2016), civilUntil);
  if (plant?.kind === 'POVERTY_TYPE_MISMATCH' && plant.civilDibao) dibao(ctx, plant.civilDibao.from, plant.civilDibao.to);
  if (household.povertyType === 'EXTREME_POVERTY') {
    const centralised = random.chance(0.1);
    for (const person of people.filter((p, k) => k === 0 || (p.age >= 60 && (p.relation === 'SPOUSE' || p.relation === 'SIBLING')))) {
      const paidAfterDeath = plantKind === 'PAID_TO_DECEASED' && person === head;
      for (let year = Math.max(from, 2016); year <= civilUntil; year++) if (paidAfterDeath || alive(person, year)) tekun(ctx, person, year, centralised);
    }
  }
  if (plant?.kind === 'MUTUALLY_EXCLUSIVE') tekun(ctx, head, plant.year, false);
  if (household.povertyType === 'GENERAL' && plantKind !== 'POVERTY_TYPE_MISMATCH' && random.chance(0.08)) {
    oneOff(ctx, 'CIV_TEMPORARY', random.int(Math.max(from, 2016), 2023), yuan(random.pick([500, 800, 1000, 1500, 2000, 3000])));
  }
  for (const person of people) {
    if (!(person.health === 'SERIOUS_ILLNESS' ? random.chance(0.7) : person.health === 'CHRONIC_ILLNESS' && random.chance(0.25))) continue;
    for (let k = random.int(1, 2); k > 0; k--) {
      const year = random.int(Math.max(from, 2016), LAST_YEAR);
      if (!alive(person, year)) continue;
      const treatedDay = toDay(year, random.int(1, 10), random.int(1, 28));
      const approvedDay = treatedDay + random.int(10, 40);
      grant(ctx, {
        programCode: 'CIV_MEDICAL', year, amountFen: random.int(500_00, 15_000_00),
        startDay: treatedDay, endDay: treatedDay, approvedDay, paidDay: approvedDay + random.int(5, 20), memberKey: person.key,
      });
    }
  }

  // Poverty office and agriculture projects, within the household's years of support.
  if (supported) {
    const livestockYear = yearBetween(random, from, until);
    if (plantKind !== 'DUPLICATE_CATEGORY_SUBSIDY' && plantKind !== 'ANNUAL_CAP_EXCEEDED' && livestockYear !== null && random.chance(0.6)) {
      const program = random.pick(['POV_INDUSTRY_GOAT', 'POV_INDUSTRY_GOAT', 'POV_INDUSTRY_CATTLE', 'POV_INDUSTRY_CATTLE', 'AGR_GOAT', 'AGR_CATTLE']);
      const amounts = program.endsWith('GOAT') ? [4000, 5000, 6000, 6400, 8000] : [5000, 6000, 8000, 10000];
      project(ctx, program, livestockYear, yuan(random.pick(amounts)));
    }
    const cropYear = yearBetween(random, from, until);
    if (cropYear !== null && random.chance(0.25)) {
      project(ctx, random.chance(0.6) ? 'POV_INDUSTRY_HERB' : 'AGR_HERB', cropYear, yuan(random.pick([1500, 2000, 2500, 3000, 4000])));
    }
    const biogasYear = yearBetween(random, from, until, 2015, 2020);
    if (plantKind !== 'ONE_TIME_REPEATED' && biogasYear !== null && random.chance(0.2)) {
      oneOff(ctx, random.chance(0.6) ? 'POV_BIOGAS' : 'AGR_BIOGAS', biogasYear, yuan(random.pick([1200, 1500])));
    }
    const housingYear = yearBetween(random, from, until, 2016, 2020);
    if (!(plant?.kind === 'DUPLICATE_CATEGORY_SUBSIDY' && plant.project === 'HOUSING') && housingYear !== null && random.chance(0.15)) {
      if (random.chance(0.7)) project(ctx, 'POV_HOUSING_RENOVATION', housingYear, yuan(random.chance(0.7) ? 14000 : 35000));
      else project(ctx, 'CIV_HOUSING', housingYear, yuan(random.pick([10000, 15000, 20000])));
    }
    const relocationYear = yearBetween(random, from, until, 2017, 2019);
    if (relocationYear !== null && random.chance(0.04)) oneOff(ctx, 'POV_RELOCATION', relocationYear, yuan(2000 * people.length));
    const creditYear = yearBetween(random, from, until, 2016, 2020);
    if (creditYear !== null && random.chance(0.12)) microcredit(ctx, creditYear, Math.min(until, 2020, creditYear + random.int(0, 2)));
    const machineryYear = yearBetween(random, from, until, 2016, 2020);
    if (machineryYear !== null && random.chance(0.03)) oneOff(ctx, 'AGR_MACHINERY', machineryYear, yuan(random.pick([1200, 2400, 3600, 5000])));
    for (const person of people) {
      if (person.student && person.age >= 14) {
        const first = yearOf(person.birthDay) + 16;
        const years = [first, first + 1, first + 2].filter((year) => year >= from && year <= until && year <= LAST_YEAR);
        for (const year of years) {
          const paidDay = toDay(year, 10, random.int(10, 30));
          grant(ctx, {
            programCode: 'POV_EDUCATION', year, amountFen: yuan(3000),
            startDay: toDay(year, 9, 1), endDay: toDay(year + 1, 7, 15), approvedDay: toDay(year, 9, 20), paidDay, memberKey: person.key,
          });
        }
      }
      const employmentYear = yearBetween(random, from, until, 2017, 2020);
      if (person.migrant && employmentYear !== null && random.chance(0.5)) {
        oneOff(ctx, 'POV_EMPLOYMENT', employmentYear, yuan(random.pick([200, 300, 500, 800])), person.key);
      }
    }
    if (ctx.subsidySequence.POVERTY === 0 && !plantGivesPovertySubsidy(plant)) {
      const year = random.int(from, until);
      microcredit(ctx, year, year);
    }
  }

  addPlantedSubsidies(ctx);
}

function plantGivesPovertySubsidy(plant: Plant | undefined): boolean {
  return (
    plant?.kind === 'DUPLICATE_CATEGORY_SUBSIDY' ||
    plant?.kind === 'ONE_TIME_REPEATED' ||
    plant?.kind === 'PAID_AFTER_EXIT' ||
    (plant?.kind === 'ANNUAL_CAP_EXCEEDED' && plant.programCode.startsWith('POV'))
  );
}

/** Interest subsidy on a 30,000 or 50,000 yuan poverty loan at 4.35 %, one record a year. */
function microcredit(ctx: HouseholdContext, from: number, to: number): void {
  const amountFen = ctx.random.chance(0.5) ? yuan(1305) : yuan(2175);
  for (let year = from; year <= to; year++) {
    grant(ctx, {
      programCode: 'POV_MICROCREDIT', year, amountFen,
      startDay: toDay(year, 1, 1), endDay: toDay(year, 12, 31), approvedDay: toDay(year, 1, 15), paidDay: toDay(year, 12, ctx.random.int(10, 25)),
    });
  }
}

function addPlantedSubsidies(ctx: HouseholdContext): void {
  const { plant, random, people, plan } = ctx;
  switch (plant?.kind) {
    case 'DUPLICATE_CATEGORY_SUBSIDY':
      if (plant.project === 'GOAT') {
        const start = toDay(plant.year, random.int(3, 6), random.int(1, 28));
        const agriStart = start + random.int(10, 60);
        grant(ctx, { programCode: 'POV_INDUSTRY_GOAT', year: plant.year, amountFen: yuan(random.pick([5000, 6000])), startDay: start, endDay: start + 150, approvedDay: start, paidDay: start + random.int(30, 90) });
        grant(ctx, { programCode: 'AGR_GOAT', year: plant.year, amountFen: yuan(random.pick([6400, 8000])), startDay: agriStart, endDay: agriStart + 120, approvedDay: agriStart, paidDay: agriStart + random.int(30, 90) });
      } else {
        const start = toDay(plant.year, random.int(3, 6), random.int(1, 28));
        const civilStart = start + random.int(20, 90);
        grant(ctx, { programCode: 'POV_HOUSING_RENOVATION', year: plant.year, amountFen: yuan(14000), startDay: start, endDay: start + random.int(150, 200), approvedDay: start, paidDay: start + random.int(100, 140) });
        grant(ctx, { programCode: 'CIV_HOUSING', year: plant.year, amountFen: yuan(random.pick([10000, 15000])), startDay: civilStart, endDay: civilStart + random.int(90, 150), approvedDay: civilStart, paidDay: civilStart + random.int(60, 90) });
      }
      break;
    case 'ONE_TIME_REPEATED': {
      const first = toDay(plant.year, random.int(3, 9), random.int(1, 28));
      grant(ctx, { programCode: 'POV_BIOGAS', year: plant.year, amountFen: yuan(1200), startDay: first, endDay: first + 45, approvedDay: first, paidDay: first + 45 });
      const second = toDay(plant.repeatYear, random.int(3, 9), random.int(1, 28));
      grant(ctx, { programCode: plant.repeatProgram, year: plant.repeatYear, amountFen: yuan(1500), startDay: second, endDay: second + 45, approvedDay: second, paidDay: second + 45 });
      break;
    }
    case 'ANNUAL_CAP_EXCEEDED':
      project(ctx, plant.programCode, plant.year, plant.amountFen);
      break;
    case 'PAID_AFTER_EXIT':
      if (plant.programCode === 'POV_MICROCREDIT') microcredit(ctx, plant.year, plant.year);
      else project(ctx, plant.programCode, plant.year, yuan(random.pick([5000, 6000, 8000])));
      break;
    case 'PAID_TO_DECEASED': {
      const person = people[plant.member - plan.memberStart[ctx.index]];
      if (person.relation === 'HEAD') break; // 特困供养 keeps being paid: see addSubsidies
      const treatedDay = plant.deceasedDay + random.int(60, 300);
      grant(ctx, {
        programCode: 'CIV_MEDICAL', year: yearOf(treatedDay), amountFen: random.int(800_00, 6_000_00),
        startDay: treatedDay, endDay: treatedDay, approvedDay: treatedDay + 10, paidDay: treatedDay + 20, memberKey: person.key,
      });
      break;
    }
  }
}

function documentDay(ctx: HouseholdContext, code: string, firstVisitDay: number | null): number {
  const { random, identifiedDay } = ctx;
  const assisted = ctx.assistedDay ?? identifiedDay;
  const exit = ctx.exitDay ?? AS_OF;
  switch (code) {
    case 'P01': return identifiedDay - random.int(10, 40);
    case 'P02': return identifiedDay - random.int(0, 20);
    case 'P03':
    case 'P04': return identifiedDay - random.int(0, 15);
    case 'P05': return identifiedDay + random.int(0, 30);
    case 'P06': return assisted;
    case 'P07': return firstVisitDay ?? assisted + 30;
    case 'P08': return assisted + random.int(5, 30);
    case 'P09': return assisted + random.int(30, 200);
    case 'P10': return ctx.exitDay === null ? Math.min(assisted + random.int(200, 400), AS_OF) : exit - random.int(10, 40);
    case 'P11': return exit - random.int(5, 20);
    case 'P12': return exit - random.int(0, 10);
    case 'P13': return identifiedDay + random.int(0, 20);
    case 'P14': return Math.min(identifiedDay + random.int(0, 600), AS_OF);
    case 'E01':
    case 'E02':
    case 'E03':
    case 'E04': return identifiedDay + random.int(5, 40);
    case 'E09': return exit + random.int(0, 15);
    default: return assisted + random.int(5, 40);
  }
}

function addDocuments(ctx: HouseholdContext, firstVisitDay: number | null): void {
  const { random, household, plant, people, village } = ctx;
  const { householdNo, povertyType } = household;
  let items = ARCHIVE_ITEMS[household.status];
  if (village.electronicPlanBlank) items = items.filter((item) => item.code !== 'E05' && item.code !== 'E08');
  if (plant?.kind === 'MISSING_ARCHIVE_ITEMS') items = items.filter((item) => !plant.missing.includes(item.code));

  const familySize = people.length;
  const labourCount = labourCountOf(people);
  const incomeFen = Math.max(600_00, yuan(POVERTY_LINE[ctx.identYear]) - random.int(200_00, 1600_00));
  const head = people[0].name;
  let paperSequence = 0;
  let electronicSequence = 0;
  for (const item of items) {
    const { code } = item;
    const copies = plant?.kind === 'DUPLICATE_DOCUMENT' && plant.typeCode === code ? plant.copies : 1;
    const baseDay = documentDay(ctx, code, firstVisitDay);
    let statedSize = familySize;
    let statedIncome = incomeFen;
    let statedType = povertyType;
    if (plant?.kind === 'FAMILY_SIZE_MISMATCH' && plant.typeCode === code) statedSize += plant.delta;
    if (plant?.kind === 'INCOME_MISMATCH' && code === 'P04') statedIncome += plant.deltaFen;
    if (plant?.kind === 'POVERTY_TYPE_MISMATCH' && plant.document?.typeCode === code) statedType = plant.document.stated;
    if (plant?.kind === 'PAPER_ELECTRONIC_MISMATCH' && code === 'E02') statedSize += plant.delta;
    const statedLabour = plant?.kind === 'LABOUR_COUNT_MISMATCH' && plant.typeCode === code ? misstatedLabourCount(labourCount, plant.delta) : labourCount;
    let incomeComponents: IncomeComponents | null = null;
    let fourLooksScores: FourLooksScores | null = null;
    let fourLooksRecorded: string | null = null;
    if (code === 'P04') {
      const workedOut = statedIncome + (plant?.kind === 'INCOME_ARITHMETIC' ? plant.deltaFen : 0);
      incomeComponents = incomeComponentsOf(ctx.plan.seed, ctx.index, workedOut, statedSize);
    }
    if (code === 'P03') {
      const scores = fourLooksScoresOf(ctx.plan.seed, ctx.index);
      fourLooksScores = { house: money(scores.house), grain: money(scores.grain), labour: money(scores.labour), student: money(scores.student) };
      fourLooksRecorded = money(fourLooksTotal(scores) + (plant?.kind === 'FOUR_LOOKS_ARITHMETIC' ? plant.delta : 0));
    }
    for (let copy = 0; copy < copies; copy++) {
      const uniformCode = item.paper
        ? `FP·${ctx.identYear}·${householdNo}·${pad2(++paperSequence)}`
        : `FPDZ·${ctx.identYear}·${householdNo}·${pad2(++electronicSequence)}`;
      const facts = item.statesFacts;
      ctx.out.documents.push({
        householdNo,
        typeCode: code,
        archiveCategory: item.archiveCategory,
        uniformCode,
        bindingOrder: item.bindingOrder,
        title: item.paper ? `${head}户${item.name}` : `${head}户电子档案·${item.name}`,
        documentDate: iso(Math.min(baseDay + (copy === 0 ? 0 : random.int(3, 200)), AS_OF)),
        pageCount: item.paper ? random.int(item.pages[0], item.pages[1]) : null,
        retention: '长期',
        familySize: facts ? statedSize : null,
        labourCount: facts ? statedLabour : null,
        perCapitaIncome: facts ? money(statedIncome) : null,
        povertyType: facts ? statedType : null,
        incomeComponents,
        fourLooksScores,
        fourLooksTotal: fourLooksRecorded,
        department: 'ARCHIVE',
        sourceSystem: SOURCE_SYSTEMS.ARCHIVE,
        sourceRecordId: uniformCode,
      });
    }
  }
}

function labourCountOf(people: Person[]): number {
  let count = 0;
  for (const person of people) if (person.labour === 'ORDINARY' || person.labour === 'SKILLED') count++;
  return count;
}

/** A labour count off by |delta|, downwards only where that stays a count. */
function misstatedLabourCount(actual: number, delta: number): number {
  return actual + delta >= 0 ? actual + delta : actual - delta;
}

type Hundredths = Record<keyof FourLooksScores, number>;

/** The v1 weights in ten-thousandths: 0.3000 → 3000, exact integers instead of binary fractions. */
const FOUR_LOOKS_WEIGHTS: Hundredths = {
  house: Number(ARCHIVE_CHECK_SETTING_V1.houseWeight.replace('.', '')),
  grain: Number(ARCHIVE_CHECK_SETTING_V1.grainWeight.replace('.', '')),
  labour: Number(ARCHIVE_CHECK_SETTING_V1.labourWeight.replace('.', '')),
  student: Number(ARCHIVE_CHECK_SETTING_V1.studentWeight.replace('.', '')),
};

/** A poor household's "four looks" item scores in hundredths of a point: whole or half points. */
function fourLooksScoresOf(seed: number, index: number): Hundredths {
  const random = new Random(mixSeed(seed, ARCHIVE_FACT_SALT.fourLooks, index));
  const score = (low: number, high: number) => random.int(low, high) * 100 + (random.chance(0.3) ? 50 : 0);
  return { house: score(20, 85), grain: score(30, 90), labour: score(10, 90), student: score(0, 95) };
}

/** Σ score × weight, half-up to the hundredth of a point. */
function fourLooksTotal(scores: Hundredths): number {
  const sum = scores.house * FOUR_LOOKS_WEIGHTS.house + scores.grain * FOUR_LOOKS_WEIGHTS.grain + scores.labour * FOUR_LOOKS_WEIGHTS.labour + scores.student * FOUR_LOOKS_WEIGHTS.student;
  return Math.floor((sum + 5_000) / 10_000);
}

/**
 * Household totals whose (wage + operating + property + transfer − productionCosts) / familySize
 * is exactly `perCapitaFen`: wage, operating and property income and the costs in whole yuan,
 * transfers making up the rest to the fen.
 */
function incomeComponentsOf(seed: number, index: number, perCapitaFen: number, familySize: number): IncomeComponents {
  const random = new Random(mixSeed(seed, ARCHIVE_FACT_SALT.income, index));
  const wholeYuan = (fen: number) => Math.floor(fen / 100) * 100;
  const net = perCapitaFen * familySize;
  const productionCosts = wholeYuan(net * 0.4 * random.next());
  const gross = net + productionCosts;
  const wage = wholeYuan(gross * (0.2 + 0.4 * random.next()));
  const operating = wholeYuan((gross - wage) * (0.1 + 0.4 * random.next()));
  const property = random.chance(0.25) ? wholeYuan((gross - wage - operating) * 0.1 * random.next()) : 0;
  const transfer = gross - wage - operating - property;
  return { wage: money(wage), operating: money(operating), property: money(property), transfer: money(transfer), productionCosts: money(productionCosts) };
}

// ---------------------------------------------------------------------------------------------
// 一户一卡: the household's card and the bank's payments of the demo year, with planted gaps
//
// Everything here draws from its own streams (salt 11 per household, 12 for the plan), so the
// records generated before the bank files existed stay exactly as they were.

const BANK_SALT = { household: 11, plan: 12 } as const;

/** What payments to a card name: the card and its holder. */
interface CardHolder {
  householdNo: string;
  cardNo: string;
  holderName: string;
  holderIdNumber: string;
}

/** The reconciliation defaults the plants are made against (reconciliation_setting and the default rules). */
const MATCH_LEAD_DAYS = 0;
const MATCH_WINDOW_DAYS = 90;
const DUE_DAYS_LIVING_ALLOWANCE = 20;
const DUE_DAYS_AFTER_PERIOD = 60;

const PROGRAM_BY_CODE = new Map(PROGRAMS.map((program) => [program.code, program]));
/** Categories only one department funds: a payment of them on another card cannot make a card shared across departments. */
const SINGLE_DEPARTMENT_CATEGORIES: ReadonlySet<string> = new Set(
  [...new Set(PROGRAMS.map((p) => p.category))].filter((category) => new Set(PROGRAMS.filter((p) => p.category === category).map((p) => p.department)).size === 1),
);

/** A payment to another household's card, emitted where that card's household is expanded. */
interface ForeignPayment {
  subsidyKey: string;
  amountFen: number;
  day: number;
  reference: string | null;
  memo: string;
}

/** A subsidy a bank plant adds (never drawn from the household's own stream). */
interface AddedSubsidy {
  programCode: string;
  amountFen: number;
  startDay: number;
  endDay: number;
  approvedDay: number;
  paidDay: number;
  sourceRecordId: string;
}

type BankPlant =
  | { kind: 'NOT_PAID'; subsidyKey: string }
  | { kind: 'PAID_SHORT' | 'PAID_MORE'; subsidyKey: string; amountFen: number }
  | { kind: 'PAID_TWICE'; subsidyKey: string; repeatDay: number }
  /** On the beneficiary: its payment goes to another household's card (see RECEIVES_OTHERS_PAYMENT). */
  | { kind: 'PAID_TO_OTHER_CARD'; subsidyKey: string }
  | { kind: 'RECEIVES_OTHERS_PAYMENT'; payment: ForeignPayment }
  /** On the card's household: its own AGRI livestock project and another household's POVERTY one. */
  | { kind: 'CARD_SHARED_ACROSS_DEPARTMENTS'; own: AddedSubsidy; received: ForeignPayment }
  /** On the household whose POVERTY project is paid to the shared card. */
  | { kind: 'CARD_SHARED_SOURCE'; added: AddedSubsidy }
  /** The card holder (a member other than the head) dies; the household's payments continue. */
  | { kind: 'PAID_AFTER_DEATH'; member: number; deathDay: number }
  | { kind: 'SPLIT_PAYMENT'; subsidyKey: string; parts: Array<{ amountFen: number; day: number }> }
  | { kind: 'PAID_INSIDE_WINDOW'; subsidyKey: string; day: number };

function paymentReferenceOf(department: DepartmentCode, year: number, state: SubsidyState, sourceRecordId: string): string | null {
  if (year !== DEMO_BANK_YEAR || state === 'APPLIED' || (department !== 'CIVIL' && department !== 'POVERTY')) return null;
  return `ZF-${department}-${sourceRecordId}`;
}

const subsidyKeyOf = (s: { department: string; sourceRecordId: string }) => `${s.department}/${s.sourceRecordId}`;

/** Whole yuan with two decimals to fen; amounts here are always generated as `money` gives them. */
const fenOf = (amount: string) => Number(amount.replace('.', ''));

function dayOf(text: string): number {
  return toDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}

const monthOfDay = (day: number) => Number(iso(day).slice(5, 7));

/** The bank's summary line (摘要). */
function memoOf(programCode: string, startDate: string, year: number): string {
  if (programCode === 'CIV_DIBAO' && year === DEMO_BANK_YEAR) return `低保金 ${year}年${Number(startDate.slice(5, 7))}月`;
  return `${PROGRAM_BY_CODE.get(programCode)!.name} ${year}年`;
}

/** The card, held by the head; by another living member when the head is dead; by the planted member who dies. */
function addBankCard(ctx: HouseholdContext): void {
  const { plan, index, people, household } = ctx;
  const random = new Random(mixSeed(plan.seed, BANK_SALT.household, index));
  const plant = ctx.bankPlant;
  const holder =
    plant?.kind === 'PAID_AFTER_DEATH'
      ? people[plant.member]
      : people[0].deceasedDay === null ? people[0] : (people.find((person) => person.deceasedDay === null) ?? people[0]);
  ctx.card = { householdNo: household.householdNo, cardNo: ctx.bankCardNo, holderName: holder.name, holderIdNumber: holder.idNumber };
  ctx.out.cards.push({
    householdNo: household.householdNo,
    holderKey: holder.key,
    holderName: holder.name,
    holderIdNumber: holder.idNumber,
    bankName: BANK_NAME,
    cardNo: ctx.bankCardNo,
    openedOn: iso(ctx.identifiedDay + random.int(0, 30)),
    closedOn: null,
    department: 'BANK',
    sourceSystem: BANK_SOURCE_SYSTEM,
    sourceRecordId: `CARD-${ctx.bankCardNo}`,
  });
  if (plant?.kind === 'PAID_AFTER_DEATH') {
    // Only the delivered record: the household's subsidies were generated with the member alive.
    ctx.out.members[ctx.out.members.length - people.length + plant.member].deceasedOn = iso(plant.deathDay);
  }
}

function pushPayment(ctx: HouseholdContext, subsidyKey: string, amountFen: number, day: number, reference: string | null, memo: string): void {
  const card = ctx.card!;
  ctx.out.payments.push({
    householdNo: card.householdNo,
    cardNo: card.cardNo,
    holderName: card.holderName,
    holderIdNumber: card.holderIdNumber,
    amount: money(amountFen),
    paidOn: iso(day),
    paymentReference: reference,
    memo,
    subsidyKey,
    department: 'BANK',
    sourceSystem: BANK_SOURCE_SYSTEM,
    sourceRecordId: `BK${iso(day).replace(/-/g, '')}${card.householdNo.slice(6)}${PADDED[++ctx.paymentSequence]}`,
  });
}

/** The bank's payment(s) for one subsidy, as planted. */
function payFromBank(ctx: HouseholdContext, s: SubsidyRecord, amountFen: number, paidDay: number): void {
  const key = subsidyKeyOf(s);
  const memo = memoOf(s.programCode, s.startDate, s.year);
  const reference = s.paymentReference;
  const plant = ctx.bankPlant;
  if (plant && 'subsidyKey' in plant && plant.subsidyKey === key) {
    switch (plant.kind) {
      case 'NOT_PAID':
      case 'PAID_TO_OTHER_CARD':
        return;
      case 'PAID_SHORT':
      case 'PAID_MORE':
        return pushPayment(ctx, key, plant.amountFen, paidDay, reference, memo);
      case 'PAID_TWICE':
        pushPayment(ctx, key, amountFen, paidDay, reference, memo);
        return pushPayment(ctx, key, amountFen, plant.repeatDay, reference, memo);
      case 'SPLIT_PAYMENT':
        for (const part of plant.parts) pushPayment(ctx, key, part.amountFen, part.day, null, memo);
        return;
      case 'PAID_INSIDE_WINDOW':
        return pushPayment(ctx, key, amountFen, plant.day, null, memo);
    }
  }
  pushPayment(ctx, key, amountFen, paidDay, reference, memo);
}

function addedSubsidyRecord(ctx: HouseholdContext, added: AddedSubsidy): SubsidyRecord {
  const department = PROGRAM_DEPARTMENT.get(added.programCode)!;
  ++ctx.subsidySequence[department];
  return {
    householdNo: ctx.household.householdNo,
    memberKey: null,
    programCode: added.programCode,
    amount: money(added.amountFen),
    startDate: iso(added.startDay),
    endDate: iso(added.endDay),
    year: DEMO_BANK_YEAR,
    state: 'PAID',
    approvedOn: iso(added.approvedDay),
    paidOn: iso(added.paidDay),
    bankCardNo: ctx.bankCardNo,
    department,
    sourceSystem: SOURCE_SYSTEMS[department],
    sourceRecordId: added.sourceRecordId,
    paymentReference: paymentReferenceOf(department, DEMO_BANK_YEAR, 'PAID', added.sourceRecordId),
  };
}

/** Records a bank plant adds after the household's own: subsidies, and payments of other households' subsidies to its card. */
function addBankPlantRecords(ctx: HouseholdContext): void {
  const plant = ctx.bankPlant;
  switch (plant?.kind) {
    case 'RECEIVES_OTHERS_PAYMENT': {
      const p = plant.payment;
      pushPayment(ctx, p.subsidyKey, p.amountFen, p.day, p.reference, p.memo);
      break;
    }
    case 'CARD_SHARED_ACROSS_DEPARTMENTS': {
      const record = addedSubsidyRecord(ctx, plant.own);
      ctx.out.subsidies.push(record);
      pushPayment(ctx, subsidyKeyOf(record), plant.own.amountFen, plant.own.paidDay, null, memoOf(record.programCode, record.startDate, record.year));
      const p = plant.received;
      pushPayment(ctx, p.subsidyKey, p.amountFen, p.day, p.reference, p.memo);
      break;
    }
    case 'CARD_SHARED_SOURCE':
      ctx.out.subsidies.push(addedSubsidyRecord(ctx, plant.added));
      break;
  }
}

// ---- Planning the bank plants

/** A subsidy the bank is expected to pay, as reconciliation will see it. */
interface ExpectedSubsidy {
  s: SubsidyRecord;
  key: string;
  amountFen: number;
  category: string;
  /** The matching window, days. */
  from: number;
  to: number;
  /** The day it counts as unpaid (NOT_PAID). */
  due: number;
  /** Its clean payment in the demo year, if the bank pays it then. */
  payment: BankPaymentRecord | undefined;
}

interface HouseholdView {
  index: number;
  status: HouseholdStatus;
  members: MemberRecord[];
  subsidies: SubsidyRecord[];
  expected: ExpectedSubsidy[];
  payments: BankPaymentRecord[];
  lastDocumentDay: number;
  sequence: Record<DepartmentCode, number>;
  paidTargets?: PaidTarget[];
}

function viewOf(plan: CountyPlan, index: number): HouseholdView {
  const out = emptyBatch();
  expandHousehold(plan, index, out);
  const paymentOf = new Map(out.payments.map((p) => [p.subsidyKey, p]));
  const expected: ExpectedSubsidy[] = [];
  const sequence: Record<DepartmentCode, number> = { ARCHIVE: 0, POVERTY: 0, CIVIL: 0, AGRI: 0 };
  for (const s of out.subsidies) {
    sequence[s.department]++;
    if (s.state !== 'APPROVED' && s.state !== 'PAID') continue;
    const anchor = dayOf(s.approvedOn ?? s.startDate);
    const start = dayOf(s.startDate);
    const end = dayOf(s.endDate);
    const category = PROGRAM_BY_CODE.get(s.programCode)!.category;
    expected.push({
      s,
      key: subsidyKeyOf(s),
      amountFen: fenOf(s.amount),
      category,
      from: Math.min(anchor, start) - MATCH_LEAD_DAYS,
      to: Math.max(anchor, end) + MATCH_WINDOW_DAYS,
      due: category === 'LIVING_ALLOWANCE' ? anchor + DUE_DAYS_LIVING_ALLOWANCE : Math.max(anchor, end) + DUE_DAYS_AFTER_PERIOD,
      payment: paymentOf.get(subsidyKeyOf(s)),
    });
  }
  return {
    index,
    status: plan.households[index].status,
    members: out.members,
    subsidies: out.subsidies,
    expected,
    payments: out.payments,
    lastDocumentDay: Math.max(0, ...out.documents.map((d) => dayOf(d.documentDate))),
    sequence,
  };
}

const YEAR_FIRST = toDay(DEMO_BANK_YEAR, 1, 1);
const YEAR_LAST = toDay(DEMO_BANK_YEAR, 12, 31);

/**
 * Payments that quote no reference reach a subsidy only by card, amount and window: true when no
 * other subsidy of the household could take them instead (one without its own payment, or of one of
 * these amounts, whose window holds one of these days), and no other unquoted payment of the
 * target's amount lies in the target's window.
 */
function unambiguous(view: HouseholdView, target: ExpectedSubsidy | null, days: number[], amounts: number[]): boolean {
  for (const e of view.expected) {
    if (e === target) continue;
    if ((e.payment === undefined || amounts.includes(e.amountFen)) && days.some((day) => day >= e.from && day <= e.to)) return false;
  }
  if (target) {
    for (const p of view.payments) {
      if (p.subsidyKey === target.key || p.paymentReference !== null) continue;
      const day = dayOf(p.paidOn);
      if (fenOf(p.amount) === target.amountFen && day >= target.from && day <= target.to) return false;
    }
  }
  return true;
}

type PaidTarget = ExpectedSubsidy & { payment: BankPaymentRecord; paidDay: number };

/** Subsidies of the demo year the bank pays once, on the household's own card. */
function paidTargets(view: HouseholdView): PaidTarget[] {
  return (view.paidTargets ??= view.expected
    .filter((e): e is ExpectedSubsidy & { payment: BankPaymentRecord } => e.payment !== undefined && e.s.year === DEMO_BANK_YEAR)
    .map((e) => ({ ...e, paidDay: dayOf(e.payment.paidOn) })));
}

interface PlantChoice {
  plant: BankPlant;
  /** Other households' roles. */
  others: Array<[number, BankPlant]>;
  month: number;
  subsidyKey: string | null;
  otherHousehold: number | null;
  detail: string;
}

const BANK_PLANT_RATE = 0.005;
/** Plenty for a county-scale demo, and planning stays quick at 400,000 households. */
const BANK_PLANTS_AT_MOST = 100;
/** Households a plant looks through for one in its month before it takes any month. */
const BANK_PLANT_SCAN = 800;

function planBankPlants(plan: CountyPlan): void {
  const n = plan.households.length;
  const random = new Random(mixSeed(plan.seed, BANK_SALT.plan));
  const order = random.shuffle(Array.from({ length: n }, (_, i) => i));
  const plantedHouseholds = new Set(plan.planted.map((problem) => problem.householdNo));
  const used = new Set<number>();
  const free = (i: number) => !used.has(i) && !plan.plants.has(i) && !plantedHouseholds.has(plan.households[i].householdNo);
  const views = new Map<number, HouseholdView>();
  const view = (i: number) => views.get(i) ?? views.set(i, viewOf(plan, i)).get(i)!;
  const count = Math.min(BANK_PLANTS_AT_MOST, Math.max(2, Math.round(BANK_PLANT_RATE * n)));
  const scanLimit = Math.min(n, BANK_PLANT_SCAN);

  /** Another free household for a second role, in the plan's order from a random point. */
  const otherHousehold = (exclude: number, eligible: (i: number) => boolean): number => {
    const start = random.int(0, n - 1);
    for (let k = 0; k < Math.min(n, scanLimit); k++) {
      const j = order[(start + k) % n];
      if (j !== exclude && free(j) && eligible(j)) return j;
    }
    return -1;
  };

  const finders: Record<BankPlantedKind, (i: number, month: number | null) => PlantChoice | null> = {
    NOT_PAID: (i, month) => {
      const v = view(i);
      const target = paidTargets(v).find(
        (e) => e.from >= YEAR_FIRST && e.due <= YEAR_LAST && (month === null || monthOfDay(e.due) === month) && unambiguous(v, e, [], []),
      );
      if (!target) return null;
      return {
        plant: { kind: 'NOT_PAID', subsidyKey: target.key },
        others: [],
        month: monthOfDay(target.due),
        subsidyKey: target.key,
        otherHousehold: null,
        detail: `${target.s.programCode} ${target.s.sourceRecordId} approved ${target.s.amount} (${target.s.startDate}~${target.s.endDate}), never paid by the bank; due by ${iso(target.due)}`,
      };
    },
    PAID_SHORT: (i, month) => amountPlant(i, month, 'PAID_SHORT'),
    PAID_MORE: (i, month) => amountPlant(i, month, 'PAID_MORE'),
    PAID_TWICE: (i, month) => {
      const v = view(i);
      for (const e of paidTargets(v)) {
        const repeatDay = e.paidDay + 3 + ((e.amountFen + i) % 13);
        if (repeatDay > YEAR_LAST || (month !== null && monthOfDay(repeatDay) !== month)) continue;
        if (e.s.paymentReference === null && (repeatDay > e.to || !unambiguous(v, e, [repeatDay], [e.amountFen]))) continue;
        return {
          plant: { kind: 'PAID_TWICE', subsidyKey: e.key, repeatDay },
          others: [],
          month: monthOfDay(repeatDay),
          subsidyKey: e.key,
          otherHousehold: null,
          detail: `${e.s.programCode} ${e.s.sourceRecordId} ${e.s.amount} paid on ${e.payment.paidOn} and again on ${iso(repeatDay)}`,
        };
      }
      return null;
    },
    PAID_TO_OTHER_CARD: (i, month) => {
      const v = view(i);
      const target = paidTargets(v).find(
        (e) => e.s.paymentReference !== null && SINGLE_DEPARTMENT_CATEGORIES.has(e.category) && (month === null || monthOfDay(e.paidDay) === month),
      );
      if (!target) return null;
      const village = plan.householdVillage[i];
      const j = otherHousehold(i, (k) => plan.householdVillage[k] === village);
      if (j < 0) return null;
      const payment: ForeignPayment = { subsidyKey: target.key, amountFen: target.amountFen, day: target.paidDay, reference: target.s.paymentReference, memo: target.payment.memo };
      return {
        plant: { kind: 'PAID_TO_OTHER_CARD', subsidyKey: target.key },
        others: [[j, { kind: 'RECEIVES_OTHERS_PAYMENT', payment }]],
        month: monthOfDay(target.paidDay),
        subsidyKey: target.key,
        otherHousehold: j,
        detail: `${target.s.programCode} ${target.s.sourceRecordId} ${target.s.amount} paid on ${target.payment.paidOn} to the card of ${householdNumber(j)} in the same village, quoting ${target.s.paymentReference}`,
      };
    },
    CARD_SHARED_ACROSS_DEPARTMENTS: (i, desired) => {
      const noIndustry = (v: HouseholdView) => !v.subsidies.some((s) => s.state !== 'WITHDRAWN' && s.year >= DEMO_BANK_YEAR - 1 && PROGRAM_BY_CODE.get(s.programCode)!.category.startsWith('INDUSTRY'));
      const h = view(i);
      // Not an exited household: project money years after exit would look like the PAID_AFTER_EXIT plants.
      if (h.status === 'EXITED' || !noIndustry(h)) return null;
      const month = Math.max(3, desired ?? 3);
      const paid = (salt: number) => toDay(DEMO_BANK_YEAR, month, 5 + ((i + salt) % 20));
      const hPaid = paid(0);
      const hAmount = yuan([5000, 6000, 8000][i % 3]);
      if (!unambiguous(h, null, [hPaid], [hAmount])) return null;
      const o = otherHousehold(i, (k) => plan.households[k].status === 'ASSISTED' && noIndustry(view(k)));
      if (o < 0) return null;
      const ov = view(o);
      const oPaid = paid(7);
      const oAmount = yuan([4000, 5000, 6400][o % 3]);
      const added = (programCode: string, amountFen: number, paidDay: number, v: HouseholdView, salt: number): AddedSubsidy => {
        const department = PROGRAM_DEPARTMENT.get(programCode)!;
        const approvedDay = paidDay - 20 - ((v.index + salt) % 21);
        return {
          programCode,
          amountFen,
          startDay: approvedDay,
          endDay: Math.min(approvedDay + 90 + ((v.index + salt) % 61), YEAR_LAST),
          approvedDay,
          paidDay,
          sourceRecordId: `${SUBSIDY_ID_PREFIX[department]}-${householdNumber(v.index)}-${PADDED[v.sequence[department] + 1]}`,
        };
      };
      const own = added(i % 2 === 0 ? 'AGR_GOAT' : 'AGR_CATTLE', hAmount, hPaid, h, 1);
      const source = added(own.programCode === 'AGR_GOAT' ? 'POV_INDUSTRY_GOAT' : 'POV_INDUSTRY_CATTLE', oAmount, oPaid, ov, 2);
      const sourceKey = `POVERTY/${source.sourceRecordId}`;
      const received: ForeignPayment = {
        subsidyKey: sourceKey,
        amountFen: oAmount,
        day: oPaid,
        reference: paymentReferenceOf('POVERTY', DEMO_BANK_YEAR, 'PAID', source.sourceRecordId),
        memo: memoOf(source.programCode, iso(source.startDay), DEMO_BANK_YEAR),
      };
      return {
        plant: { kind: 'CARD_SHARED_ACROSS_DEPARTMENTS', own, received },
        others: [[o, { kind: 'CARD_SHARED_SOURCE', added: source }]],
        month,
        subsidyKey: `AGRI/${own.sourceRecordId}`,
        otherHousehold: o,
        detail:
          `one card receives INDUSTRY_LIVESTOCK from AGRI (${own.programCode} ${money(hAmount)} on ${iso(hPaid)}) and POVERTY ` +
          `(${householdNumber(o)}'s ${source.programCode} ${money(oAmount)} on ${iso(oPaid)}, quoting its reference): ${householdNumber(o)}'s subsidy is also paid to another household's card`,
      };
    },
    PAID_AFTER_DEATH: (i, month) => {
      const v = view(i);
      const people = v.members;
      if (people.length < 2) return null;
      const household = v.payments.filter((p) => {
        const s = v.subsidies.find((x) => subsidyKeyOf(x) === p.subsidyKey);
        return s !== undefined && s.memberKey === null;
      });
      const days = [...new Set(v.payments.map((p) => dayOf(p.paidOn)))].sort((a, b) => a - b);
      for (let k = 1; k < people.length; k++) {
        const m = people[k];
        // An adult on record (born before 2006), not the head, alive through the year.
        if (m.deceasedOn !== null || m.idNumber.slice(6, 14) >= '20060101') continue;
        const personal = v.subsidies.filter((s) => s.memberKey === m.sourceRecordId);
        if (personal.some((s) => s.year >= DEMO_BANK_YEAR || (s.paidOn ?? s.approvedOn ?? s.startDate) >= iso(YEAR_FIRST))) continue;
        for (const p of household) {
          const day = dayOf(p.paidOn);
          if (month !== null && monthOfDay(day) !== month) continue;
          const before = days.filter((d) => d < day).at(-1) ?? YEAR_FIRST;
          const earliest = Math.max(before + 1, v.lastDocumentDay + 1, YEAR_FIRST + 1);
          if (earliest > day - 1) continue;
          const deathDay = earliest + ((i + k) % (day - earliest));
          return {
            plant: { kind: 'PAID_AFTER_DEATH', member: k, deathDay },
            others: [],
            month: monthOfDay(day),
            subsidyKey: p.subsidyKey,
            otherHousehold: null,
            detail: `card holder ${m.name} (${m.idNumber}) died ${iso(deathDay)}; the household's payments continue to the card from ${p.paidOn}`,
          };
        }
      }
      return null;
    },
    SPLIT_PAYMENT: (i, month) => {
      const v = view(i);
      for (const e of paidTargets(v)) {
        if (e.amountFen < 100_00 || (month !== null && monthOfDay(e.paidDay) !== month)) continue;
        const first = Math.round((e.amountFen * (30 + ((e.amountFen + i) % 41))) / 100 / 100) * 100;
        const parts = [
          { amountFen: first, day: e.paidDay },
          { amountFen: e.amountFen - first, day: Math.min(e.paidDay + ((i % 5) + 1), toDay(DEMO_BANK_YEAR, monthOfDay(e.paidDay) + 1, 1) - 1, e.to) },
        ];
        // The split pass comes before repeats: only subsidies still unpaid could take the parts.
        if (parts[1].amountFen <= 0 || !unambiguous(v, e, parts.map((p) => p.day), [])) continue;
        return {
          plant: { kind: 'SPLIT_PAYMENT', subsidyKey: e.key, parts },
          others: [],
          month: monthOfDay(e.paidDay),
          subsidyKey: e.key,
          otherHousehold: null,
          detail: `control: ${e.s.programCode} ${e.s.sourceRecordId} ${e.s.amount} paid in two parts, ${money(parts[0].amountFen)} on ${iso(parts[0].day)} and ${money(parts[1].amountFen)} on ${iso(parts[1].day)}, without its reference`,
        };
      }
      return null;
    },
    PAID_INSIDE_WINDOW: (i, month) => {
      const v = view(i);
      for (const e of paidTargets(v)) {
        // Never in the month the demo load leaves out: the subsidy would look unpaid until then.
        if (e.to < YEAR_FIRST || e.to >= toDay(DEMO_BANK_YEAR, 12, 1) || (month !== null && monthOfDay(e.to) !== month)) continue;
        // Matched by amount before any repeat is looked for: only subsidies still unpaid could take it.
        if (!unambiguous(v, e, [e.to], [])) continue;
        return {
          plant: { kind: 'PAID_INSIDE_WINDOW', subsidyKey: e.key, day: e.to },
          others: [],
          month: monthOfDay(e.to),
          subsidyKey: e.key,
          otherHousehold: null,
          detail: `control: ${e.s.programCode} ${e.s.sourceRecordId} ${e.s.amount} paid on ${iso(e.to)}, the last day of its matching window (${MATCH_WINDOW_DAYS} days after ${iso(e.to - MATCH_WINDOW_DAYS)}), without its reference`,
        };
      }
      return null;
    },
  };

  function amountPlant(i: number, month: number | null, kind: 'PAID_SHORT' | 'PAID_MORE'): PlantChoice | null {
    const v = view(i);
    for (const e of paidTargets(v)) {
      if (e.amountFen < 50_00 || (month !== null && monthOfDay(e.paidDay) !== month)) continue;
      const delta = Math.max(10_00, Math.round((e.amountFen * (10 + ((e.amountFen + i) % 31))) / 100 / 100) * 100);
      const amountFen = kind === 'PAID_SHORT' ? e.amountFen - delta : e.amountFen + delta;
      if (amountFen <= 0) continue;
      if (e.s.paymentReference === null && !unambiguous(v, e, [e.paidDay], [amountFen])) continue;
      return {
        plant: { kind, subsidyKey: e.key, amountFen },
        others: [],
        month: monthOfDay(e.paidDay),
        subsidyKey: e.key,
        otherHousehold: null,
        detail: `${e.s.programCode} ${e.s.sourceRecordId} approved ${e.s.amount}, the bank paid ${money(amountFen)} on ${e.payment.paidOn}${e.s.paymentReference === null ? ' (no reference)' : ''}`,
      };
    }
    return null;
  }

  for (const [k, kind] of BANK_PLANTED_KINDS.entries()) {
    // Each kind walks the plan's order on from where its last plant was found.
    let next = 0;
    for (let slot = 0; slot < count; slot++) {
      const spread = 1 + ((k * 4 + slot * 5) % 11);
      const desired = kind === 'PAID_INSIDE_WINDOW' ? spread : slot === 0 ? 12 : spread;
      let choice: PlantChoice | null = null;
      let household = -1;
      for (const month of [desired, null]) {
        for (let o = 0; o < scanLimit && choice === null; o++) {
          const i = order[(next + o) % n];
          if (!free(i)) continue;
          choice = finders[kind](i, month);
          household = i;
          if (choice) next = (next + o + 1) % n;
        }
        if (choice) break;
      }
      if (!choice) break;
      used.add(household);
      plan.bankPlants.set(household, choice.plant);
      for (const [j, role] of choice.others) {
        used.add(j);
        plan.bankPlants.set(j, role);
      }
      plan.bankPlanted.push({
        kind,
        householdNo: householdNumber(household),
        otherHouseholdNo: choice.otherHousehold === null ? null : householdNumber(choice.otherHousehold),
        subsidyKey: choice.subsidyKey,
        month: `${DEMO_BANK_YEAR}-${pad2(choice.month)}`,
        control: kind === 'SPLIT_PAYMENT' || kind === 'PAID_INSIDE_WINDOW',
        detail: choice.detail,
      });
    }
  }
  plan.bankPlanted.sort((a, b) => BANK_PLANTED_KINDS.indexOf(a.kind) - BANK_PLANTED_KINDS.indexOf(b.kind) || a.householdNo.localeCompare(b.householdNo));
}
