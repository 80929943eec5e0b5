import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { present } from '../../graphql/dataloader';
import { PageArgs } from '../../graphql/relay/connection';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { UserError } from '../../graphql/user-error.type';
import { FindingStatus } from '../../generated/prisma/enums';
import { BankPayment } from '../disbursement/disbursement.type';
import { Department } from '../catalogue/department.type';
import { Household } from '../household/household.type';
import { Member } from '../member/member.type';
import { Region } from '../region/region.type';
import { Subsidy } from '../subsidy/subsidy.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';
import { RuleSeverity } from '../../generated/prisma/enums';
import type { FindingProblem } from './finding-lifecycle';
import type { ScanResult, WorkResult } from './finding.service';
import {
  AssignFindingInput,
  CommentOnFindingInput,
  ConfirmFindingInput,
  DetectFindingsInput,
  DismissFindingInput,
  FindingFilterArgs,
  RecordFindingRecoveryInput,
} from './finding.input';
import {
  DetectFindingsPayload,
  Finding,
  FindingConnection,
  FindingDepartmentPairTotal,
  FindingEvent,
  FindingPayload,
  FindingRegionTotal,
  FindingRuleTotal,
  FindingStatusTotal,
  FindingTotals,
  RegionBreakdownLevel,
} from './finding.type';
import { PolicyRule, PolicyRuleVersion } from './policy-rule.type';

const userError = (problem: Pick<FindingProblem, 'code' | 'message' | 'messageZh'> & { field: string }): UserError =>
  Object.assign(new UserError(), { field: ['input', problem.field], code: problem.code, message: problem.message, messageZh: problem.messageZh });

function findingPayload(result: WorkResult): FindingPayload {
  return 'finding' in result ? { finding: result.finding, userErrors: [] } : { finding: null, userErrors: result.problems.map(userError) };
}

function scanPayload(result: ScanResult): DetectFindingsPayload {
  return 'run' in result ? { run: result.run, userErrors: [] } : { run: null, userErrors: result.problems.map(userError) };
}

@Resolver(() => Finding)
export class FindingResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => FindingConnection, {
    description:
      "多策合一 findings (核查发现): duplicate or conflicting subsidies across departments, and 一户一卡 reconciliation findings (rules BANK-…: unpaid, short or excess, repeated, misdirected payments), newest first, in pages of at most 100, within your key's region. " +
      'Whoever reads the households reads their findings.',
  })
  async overlapFindings(
    @Ctx() ctx: HubContext,
    @Args() page: PageArgs,
    @Arg('filter', () => FindingFilterArgs, { nullable: true, description: 'Which findings to list; all of them in your region when left out.' }) filter?: FindingFilterArgs | null,
  ) {
    const findings = ctx.services.findings;
    return findings.list(await findings.resolveFilter(filter), page);
  }

  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => FindingTotals, {
    description: "Totals of the findings a filter selects (核查发现汇总): counts and exact amounts at risk by status, rule, pair of departments and region, within your key's region.",
  })
  async findingTotals(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => FindingFilterArgs, { nullable: true, description: 'Which findings to total; all of them in your region when left out.' }) filter?: FindingFilterArgs | null,
  ): Promise<FindingTotals> {
    const findings = ctx.services.findings;
    return findings.totals(await findings.resolveFilter(filter));
  }

  @Access(Permission.WORK_FINDINGS)
  @Mutation(() => FindingPayload, { description: 'Confirm a finding (确认): OPEN → CONFIRMED. Refusals (another status, an unknown ID) come back as `userErrors`.' })
  async confirmFinding(@Ctx() ctx: HubContext, @Arg('input', () => ConfirmFindingInput, { description: 'The finding and an optional note.' }) input: ConfirmFindingInput): Promise<FindingPayload> {
    return findingPayload(await ctx.services.findings.confirm(input.id, input.note));
  }

  @Access(Permission.WORK_FINDINGS)
  @Mutation(() => FindingPayload, {
    description: 'Dismiss a finding (排除) with a reason: OPEN or CONFIRMED → DISMISSED. It stays dismissed on rescans unless its subsidies change. A blank reason is refused.',
  })
  async dismissFinding(@Ctx() ctx: HubContext, @Arg('input', () => DismissFindingInput, { description: 'The finding and why it is not a problem.' }) input: DismissFindingInput): Promise<FindingPayload> {
    return findingPayload(await ctx.services.findings.dismiss(input.id, input.reason));
  }

  @Access(Permission.WORK_FINDINGS)
  @Mutation(() => FindingPayload, {
    description: 'Record the money recovered (登记追回): CONFIRMED → RECOVERED. The amount must be more than 0 and not more than the amount at risk.',
  })
  async recordFindingRecovery(
    @Ctx() ctx: HubContext,
    @Arg('input', () => RecordFindingRecoveryInput, { description: 'The finding, the amount recovered and an optional note.' }) input: RecordFindingRecoveryInput,
  ): Promise<FindingPayload> {
    return findingPayload(await ctx.services.findings.recordRecovery(input.id, input.amount, input.note));
  }

  @Access(Permission.WORK_FINDINGS)
  @Mutation(() => FindingPayload, { description: 'Assign a finding to a department to follow up (指派责任部门), in any status but CLOSED.' })
  async assignFinding(@Ctx() ctx: HubContext, @Arg('input', () => AssignFindingInput, { description: 'The finding and the department.' }) input: AssignFindingInput): Promise<FindingPayload> {
    return findingPayload(await ctx.services.findings.assign(input.id, input.department));
  }

  @Access(Permission.WORK_FINDINGS)
  @Mutation(() => FindingPayload, { description: 'Comment on a finding (备注), kept in its history; in any status but CLOSED.' })
  async commentOnFinding(@Ctx() ctx: HubContext, @Arg('input', () => CommentOnFindingInput, { description: 'The finding and the comment.' }) input: CommentOnFindingInput): Promise<FindingPayload> {
    return findingPayload(await ctx.services.findings.comment(input.id, input.comment));
  }

  @Access(Permission.WORK_FINDINGS)
  @Mutation(() => DetectFindingsPayload, {
    description:
      "Run the 多策合一 rules over a region now (全面核查), within your key's region: raises new findings, updates changed ones, reopens and closes as the subsidies say. " +
      'Idempotent: a second run changes nothing. Large regions take a while; the CLI `detect` shows progress.',
  })
  async detectFindings(
    @Ctx() ctx: HubContext,
    @Arg('input', () => DetectFindingsInput, { nullable: true, description: 'The region to scan.' }) input?: DetectFindingsInput | null,
  ): Promise<DetectFindingsPayload> {
    return scanPayload(await ctx.services.findings.detect(input?.regionCode));
  }

  @FieldResolver(() => PolicyRule, { description: 'The rule that raised the finding (规则), as it is now.' })
  async rule(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<PolicyRule> {
    return (await ctx.loaders.policyRuleById.load(finding.ruleId))!;
  }

  @FieldResolver(() => PolicyRuleVersion, { description: 'The version of the rule that raised (or last updated) the finding (规则版本).' })
  async ruleVersion(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<PolicyRuleVersion> {
    return (await ctx.loaders.policyRuleVersionById.load(finding.ruleVersionId))!;
  }

  @FieldResolver(() => RuleSeverity, { description: 'How serious it is (严重程度), from the rule version that raised it.' })
  async severity(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<RuleSeverity> {
    return (await ctx.loaders.policyRuleVersionById.load(finding.ruleVersionId))!.severity;
  }

  @FieldResolver(() => Household, { description: 'The household (户) paid twice or against policy.' })
  async household(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(finding.householdId))!;
  }

  @FieldResolver(() => [Member], { description: 'The members (家庭成员) the personal subsidies involved were paid for; empty when only household-wide subsidies are involved.' })
  async members(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<Member[]> {
    return present(await ctx.loaders.memberById.loadMany(finding.memberIds));
  }

  @FieldResolver(() => [Subsidy], { description: 'The subsidies in conflict (涉及补贴), with their departments, programs and periods, in id order.' })
  async subsidies(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<Subsidy[]> {
    const links = await ctx.loaders.findingSubsidyIds.load(finding.id);
    return present(await ctx.loaders.subsidyById.loadMany(links.map((link) => link.subsidyId)));
  }

  @FieldResolver(() => [BankPayment], {
    description:
      'The bank payments (银行代发明细) a 一户一卡 reconciliation finding is about, in id order: the repeats, the short or excess payment, the payment to another card. ' +
      'Empty for 多策合一 findings, and for an unpaid subsidy (there is no payment). Payments outside your key’s region are left out.',
  })
  async payments(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<BankPayment[]> {
    const links = await ctx.loaders.findingPaymentIds.load(finding.id);
    return present(await ctx.loaders.bankPaymentById.loadMany(links.map((link) => link.paymentId)));
  }

  @FieldResolver(() => [Department], { description: 'The departments whose subsidies conflict (涉及部门), by code.' })
  async departments(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<Department[]> {
    return present(await ctx.loaders.departmentById.loadMany(finding.departmentIds)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  @FieldResolver(() => Department, { nullable: true, description: 'The department assigned to follow it up (责任部门); null until assigned.' })
  assigneeDepartment(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<Department | null> {
    return finding.assigneeDepartmentId === null ? Promise.resolve(null) : ctx.loaders.departmentById.load(finding.assigneeDepartmentId);
  }

  @FieldResolver(() => [FindingEvent], { description: 'Full history (处理记录), oldest first: raised, updated, reopened, closed, confirmed, dismissed, recovered, assigned, commented.' })
  history(@Root() finding: Finding, @Ctx() ctx: HubContext): Promise<FindingEvent[]> {
    return ctx.loaders.findingEvents.load(finding.id);
  }
}

@Resolver(() => FindingEvent)
export class FindingEventResolver {
  @FieldResolver(() => Department, { nullable: true, description: 'The department an ASSIGNED step assigned the finding to; null for other steps.' })
  department(@Root() event: FindingEvent, @Ctx() ctx: HubContext): Promise<Department | null> {
    return event.departmentId === null ? Promise.resolve(null) : ctx.loaders.departmentById.load(event.departmentId);
  }
}

@Resolver(() => Household)
export class HouseholdFindingResolver {
  @FieldResolver(() => [Finding], { description: '多策合一 findings about this household (核查发现), newest first.' })
  async findings(
    @Root() household: Household,
    @Ctx() ctx: HubContext,
    @Arg('status', () => [FindingStatus], { nullable: true, description: 'Only findings in one of these statuses (核查状态); every status when left out.' }) status?: FindingStatus[] | null,
  ): Promise<Finding[]> {
    const findings = await ctx.loaders.findingsByHousehold.load(household.id);
    return status && status.length > 0 ? findings.filter((finding) => status.includes(finding.status)) : findings;
  }
}

@Resolver(() => FindingTotals)
export class FindingTotalsResolver {
  @FieldResolver(() => Int, { description: 'How many findings the filter selects (条数).' })
  async count(@Root() totals: FindingTotals, @Ctx() ctx: HubContext): Promise<number> {
    return (await ctx.services.findings.overall(totals)).count;
  }

  @FieldResolver(() => MoneyScalar, { description: 'Their amount at risk (风险金额合计，元), exact.' })
  async amountAtRisk(@Root() totals: FindingTotals, @Ctx() ctx: HubContext): Promise<string> {
    return (await ctx.services.findings.overall(totals)).amountAtRisk;
  }

  @FieldResolver(() => MoneyScalar, { description: 'Their amount recovered (已追回金额合计，元), exact.' })
  async amountRecovered(@Root() totals: FindingTotals, @Ctx() ctx: HubContext): Promise<string> {
    return (await ctx.services.findings.overall(totals)).amountRecovered;
  }

  @FieldResolver(() => [FindingStatusTotal], { description: 'By status (按状态), in lifecycle order; statuses without findings are left out.' })
  async byStatus(@Root() totals: FindingTotals, @Ctx() ctx: HubContext): Promise<FindingStatusTotal[]> {
    return (await ctx.services.findings.byStatus(totals.filter)).map((row) => Object.assign(new FindingStatusTotal(), row));
  }

  @FieldResolver(() => [FindingRuleTotal], { description: 'By rule (按规则), by rule code.' })
  async byRule(@Root() totals: FindingTotals, @Ctx() ctx: HubContext): Promise<FindingRuleTotal[]> {
    return (await ctx.services.findings.byRule(totals.filter)).map((row) => Object.assign(new FindingRuleTotal(), row));
  }

  @FieldResolver(() => [FindingDepartmentPairTotal], {
    description: 'By pair of departments involved (按部门组合): {A,B,C} counts in AB, AC and BC; a single-department finding in (A, A).',
  })
  async byDepartmentPair(@Root() totals: FindingTotals, @Ctx() ctx: HubContext): Promise<FindingDepartmentPairTotal[]> {
    return (await ctx.services.findings.byDepartmentPair(totals.filter)).map((row) => Object.assign(new FindingDepartmentPairTotal(), row));
  }

  @FieldResolver(() => [FindingRegionTotal], { description: 'By region (按区划) at the level asked for, by region code.' })
  async byRegion(
    @Root() totals: FindingTotals,
    @Ctx() ctx: HubContext,
    @Arg('level', () => RegionBreakdownLevel, { defaultValue: RegionBreakdownLevel.VILLAGE, description: 'Sum by village (default), township or county.' }) level: RegionBreakdownLevel,
  ): Promise<FindingRegionTotal[]> {
    return (await ctx.services.findings.byRegion(totals.filter, level)).map((row) => Object.assign(new FindingRegionTotal(), row));
  }
}

@Resolver(() => FindingRuleTotal)
export class FindingRuleTotalResolver {
  @FieldResolver(() => PolicyRule, { description: 'The rule (规则).' })
  async rule(@Root() total: FindingRuleTotal, @Ctx() ctx: HubContext): Promise<PolicyRule> {
    return (await ctx.loaders.policyRuleById.load(total.ruleId))!;
  }
}

@Resolver(() => FindingDepartmentPairTotal)
export class FindingDepartmentPairTotalResolver {
  @FieldResolver(() => Department, { description: 'One department of the pair (the one with the lower internal id).' })
  async first(@Root() total: FindingDepartmentPairTotal, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(total.firstDepartmentId))!;
  }

  @FieldResolver(() => Department, { description: 'The other department; the same as `first` for single-department findings.' })
  async second(@Root() total: FindingDepartmentPairTotal, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(total.secondDepartmentId))!;
  }
}

@Resolver(() => FindingRegionTotal)
export class FindingRegionTotalResolver {
  @FieldResolver(() => Region, { nullable: true, description: 'The village, township or county (区划) with its name; null if that region is not registered.' })
  region(@Root() total: FindingRegionTotal, @Ctx() ctx: HubContext): Promise<Region | null> {
    return ctx.loaders.regionByCode.load(total.regionCode);
  }
}
