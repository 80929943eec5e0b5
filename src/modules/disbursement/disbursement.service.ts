import type { Prisma, PrismaClient, ReconciliationSetting as ReconciliationSettingRow } from '../../generated/prisma/client';
import { isoDate, utcDay } from '../../domain/dates';
import { fenToYuan, yuanToFen } from '../../domain/money';
import { regionPrefix } from '../../domain/region-code';
import type { Loaders } from '../../graphql/context';
import { badUserInput, forbidden } from '../../graphql/errors';
import { keysetWindow, toPage, type Page, type PageArgs } from '../../graphql/relay/connection';
import { toNode } from '../../graphql/relay/node';
import { UserError } from '../../graphql/user-error.type';
import { regionRestricted, seesRegion, type Viewer } from '../auth/access';
import { appendAuditEntries, type AuditActor } from '../auth/audit';
import { yearBounds } from '../region-stats/region-stats.sql';
import type { Subsidy } from '../subsidy/subsidy.type';
import { flowKey } from './disbursement.loaders';
import {
  BankPayment,
  CategoryFundsFlow,
  DepartmentFundsFlow,
  DisbursementStatus,
  FundsFlow,
  ReconciliationSetting,
  RegionFundsFlow,
  SubsidyDisbursement,
  UnidentifiedPayments,
  type CreateReconciliationSettingInput,
  type ReconciliationSettingPayload,
} from './disbursement.type';
import { fundsFlow, NO_FLOW, unidentifiedPayments } from './funds-flow.sql';
import { checkReconciliationSetting } from './reconciliation-settings';

const APPROVED_STATES = new Set(['APPROVED', 'PAID']);

const toSetting = (row: ReconciliationSettingRow): ReconciliationSetting =>
  Object.assign(new ReconciliationSetting(), {
    id: row.id,
    effectiveFrom: isoDate(row.effectiveFrom)!,
    leadDays: row.leadDays,
    windowDays: row.windowDays,
    maxSplitParts: row.maxSplitParts,
    changeNote: row.changeNote,
    createdBy: row.createdBy,
  });

/** A year argument: null for all years, else one the hub can hold (BAD_USER_INPUT naming `year` otherwise). */
function checkedYear(year: number | null | undefined): number | null {
  if (year === null || year === undefined) return null;
  yearBounds(year);
  return year;
}

/**
 * The read side of 一户一卡 for one request's key: a household's payments and funds flow, a
 * subsidy's disbursement, a region's totals, and the dated reconciliation settings with their
 * (audited) administration. Reconciliation itself writes the matches it reads.
 */
export class DisbursementService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
    private readonly actor: AuditActor,
  ) {}

  /** Payments credited to a household (its card, or a member's ID number), in the order received; with a year, paid in it. */
  async householdPayments(householdId: number, page: PageArgs, year: number | null | undefined): Promise<Page<BankPayment>> {
    const window = keysetWindow(page);
    const inYear = checkedYear(year);
    const where: Prisma.BankPaymentWhereInput = { householdId };
    if (inYear !== null) {
      const { start, end } = yearBounds(inYear);
      where.paidOn = { gte: utcDay(start), lte: utcDay(end) };
    }
    const [rows, totalCount] = await Promise.all([
      this.prisma.bankPayment.findMany({ where: window.afterKey === null ? where : { AND: [where, { id: { gt: window.afterKey } }] }, orderBy: { id: 'asc' }, take: window.take }),
      this.prisma.bankPayment.count({ where }),
    ]);
    return toPage(rows, window, totalCount, (row) => row.id, (row) => toNode(BankPayment, row));
  }

  async householdFundsFlow(householdId: number, year: number | null | undefined): Promise<FundsFlow> {
    const inYear = checkedYear(year);
    return Object.assign(new FundsFlow(), await this.loaders.fundsFlowByHousehold.load(flowKey(householdId, inYear)), { year: inYear });
  }

  /** Approved → paid for one subsidy, from the payments reconciliation matched to it (in fen, exactly). */
  async disbursement(subsidy: Subsidy): Promise<SubsidyDisbursement> {
    const payments = await this.loaders.bankPaymentsBySubsidy.load(subsidy.id);
    const approved = APPROVED_STATES.has(subsidy.state) ? yuanToFen(subsidy.amount.toFixed(2)) : 0;
    const paid = payments.reduce((total, payment) => total + yuanToFen(payment.amount.toFixed(2)), 0);
    let status: DisbursementStatus;
    if (!APPROVED_STATES.has(subsidy.state)) status = DisbursementStatus.NOT_EXPECTED;
    else if (payments.length === 0) status = DisbursementStatus.AWAITING_PAYMENT;
    else if (paid === approved) status = DisbursementStatus.PAID_IN_FULL;
    else status = paid < approved ? DisbursementStatus.PAID_SHORT : DisbursementStatus.PAID_OVER;
    return Object.assign(new SubsidyDisbursement(), {
      subsidyId: subsidy.id,
      householdId: subsidy.householdId,
      approvedOn: subsidy.approvedOn,
      approvedAmount: fenToYuan(approved),
      paidAmount: fenToYuan(paid),
      difference: fenToYuan(paid - approved),
      status,
      payments,
    });
  }

  /**
   * A region's totals must cover exactly the region asked for, as regionStats: a region wider than
   * the key's is refused, not narrowed.
   */
  async regionFundsFlow(regionCode: string, year: number): Promise<RegionFundsFlow> {
    if (!seesRegion(this.viewer, regionCode)) throw forbidden(`regionCode: region ${regionCode} lies outside your key's region ${this.viewer.regionCode}`);
    yearBounds(year);
    if (!(await this.loaders.regionByCode.load(regionCode))) throw badUserInput('regionCode', `no region with code ${regionCode} is registered`);
    const prefix = regionPrefix(regionCode);
    const totals = (await fundsFlow(this.prisma, { prefix }, year, 'TOTAL')).get('') ?? NO_FLOW;
    return Object.assign(new RegionFundsFlow(), totals, { regionCode, year, prefix, wholeHub: !regionRestricted(this.viewer) });
  }

  async departmentFlows(flow: RegionFundsFlow): Promise<DepartmentFundsFlow[]> {
    const rows = await fundsFlow(this.prisma, { prefix: flow.prefix }, flow.year, 'DEPARTMENT');
    return [...rows].map(([key, figures]) => Object.assign(new DepartmentFundsFlow(), figures, { departmentId: Number(key) })).sort((a, b) => a.departmentId - b.departmentId);
  }

  async categoryFlows(flow: RegionFundsFlow): Promise<CategoryFundsFlow[]> {
    const rows = await fundsFlow(this.prisma, { prefix: flow.prefix }, flow.year, 'CATEGORY');
    return [...rows].map(([key, figures]) => Object.assign(new CategoryFundsFlow(), figures, { categoryCode: key }));
  }

  /** Hub-wide, so only for a key that reads the whole hub; null for any other. */
  async unidentified(flow: RegionFundsFlow): Promise<UnidentifiedPayments | null> {
    if (!flow.wholeHub) return null;
    return Object.assign(new UnidentifiedPayments(), await unidentifiedPayments(this.prisma, flow.year));
  }

  async settings(): Promise<ReconciliationSetting[]> {
    return (await this.prisma.reconciliationSetting.findMany({ orderBy: { effectiveFrom: 'asc' } })).map(toSetting);
  }

  /** A new dated setting; earlier ones are never edited. Refusals save nothing and are not audited. */
  async createSetting(input: CreateReconciliationSettingInput): Promise<ReconciliationSettingPayload> {
    const problems = checkReconciliationSetting(input);
    if (problems.length > 0) return { reconciliationSetting: null, userErrors: problems.map((problem) => Object.assign(new UserError(), problem)) };
    const duplicate = (): ReconciliationSettingPayload => ({
      reconciliationSetting: null,
      userErrors: [Object.assign(new UserError(), { field: ['input', 'effectiveFrom'], code: 'DUPLICATE_DATE', message: `a reconciliation setting already starts on ${input.effectiveFrom}`, messageZh: `${input.effectiveFrom} 已有生效的对账参数` })],
    });
    if (await this.prisma.reconciliationSetting.findUnique({ where: { effectiveFrom: utcDay(input.effectiveFrom) } })) return duplicate();
    const row = await this.prisma.$transaction(async (tx) => {
      const saved = await tx.reconciliationSetting.create({
        data: {
          effectiveFrom: utcDay(input.effectiveFrom),
          leadDays: input.leadDays,
          windowDays: input.windowDays,
          maxSplitParts: input.maxSplitParts,
          changeNote: input.changeNote.trim(),
          createdBy: this.actor.name,
        },
      });
      await appendAuditEntries(tx, { ...this.actor, operation: this.actor.operation ?? 'createReconciliationSetting' }, 'EDIT_ARCHIVE_SETTING', new Map([[null, new Set(['ReconciliationSetting'])]]), {
        effectiveFrom: input.effectiveFrom,
        leadDays: input.leadDays,
        windowDays: input.windowDays,
        maxSplitParts: input.maxSplitParts,
      });
      return saved;
    }).catch((error: { code?: string }) => {
      // Another administrator added a setting for the same day in between.
      if (error.code === 'P2002') return null;
      throw error;
    });
    if (row === null) return duplicate();
    return { reconciliationSetting: toSetting(row), userErrors: [] };
  }
}
