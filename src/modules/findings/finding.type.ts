import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Decimal } from 'decimal.js';
import { DetectionTrigger, FindingEventKind, FindingStatus } from '../../generated/prisma/enums';
import { ConnectionType } from '../../graphql/relay/connection';
import { Node } from '../../graphql/relay/node';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { UserError } from '../../graphql/user-error.type';
import type { FindingFilter } from './finding-filter';

registerEnumType(FindingStatus, {
  name: 'FindingStatus',
  description: 'Where a 多策合一 finding stands (核查状态): OPEN → CONFIRMED or DISMISSED → RECOVERED; CLOSED by detection alone.',
  valuesConfig: {
    OPEN: { description: '待核实: raised by detection (or reopened), nobody has decided yet.' },
    CONFIRMED: { description: '已确认: an auditor confirmed the duplicate or conflict; the money is to be recovered.' },
    DISMISSED: { description: '已排除: an auditor dismissed it with a reason (e.g. allowed by policy); it stays dismissed on rescans unless its subsidies change.' },
    RECOVERED: { description: '已追回: the money at risk was recovered (`amountRecovered`).' },
    CLOSED: {
      description: '已自动关闭: closed automatically because its cause disappeared (a subsidy corrected or withdrawn, the rule ended); the reason is in `history`. It reopens if the conflict comes back.',
    },
  },
});

registerEnumType(FindingEventKind, {
  name: 'FindingEventKind',
  description: 'What happened to a finding in one step of its history (处理记录类型).',
  valuesConfig: {
    RAISED: { description: '发现: detection raised the finding.' },
    UPDATED: { description: '更新: detection saw the conflict change (subsidies added or corrected, amount changed) while it was open or confirmed.' },
    REOPENED: { description: '重新打开: the conflict came back after closing, or its subsidies changed after it was dismissed or recovered.' },
    CLOSED: { description: '自动关闭: detection closed it because its cause disappeared; the note says why.' },
    CONFIRMED: { description: '确认: an auditor confirmed it.' },
    DISMISSED: { description: '排除: an auditor dismissed it; the note is the reason.' },
    RECOVERED: { description: '追回: an auditor recorded the amount recovered.' },
    ASSIGNED: { description: '指派: an auditor assigned it to a department to follow up.' },
    COMMENTED: { description: '备注: an auditor commented on it.' },
  },
});

registerEnumType(DetectionTrigger, {
  name: 'DetectionTrigger',
  description: 'Why a detection run (核查运行) ran.',
  valuesConfig: {
    SCAN: { description: '全面核查: a scan of a region on demand (`detectFindings` or the CLI `detect`).' },
    INGEST: { description: '入库核查: the households one delivery touched, right after it was written.' },
  },
});

@ObjectType({
  implements: Node,
  description:
    'A 多策合一 finding (核查发现): one rule found that one household was paid twice for the same thing, or paid what policy forbids together. ' +
    'It names the rule and the version that raised it, the subsidies and departments involved, the overlapping period and the exact amount at risk, ' +
    'and moves through OPEN → CONFIRMED or DISMISSED (with a reason) → RECOVERED, with its full history.',
})
export class Finding extends Node {
  static readonly typename = 'Finding';
  id!: number;
  ruleId!: number;
  ruleVersionId!: number;
  householdId!: number;
  memberIds!: number[];
  departmentIds!: number[];
  assigneeDepartmentId!: number | null;

  get nodeKey() {
    return this.id;
  }

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day of the overlapping (or offending) period (冲突起始日期); null when the rule has no period.' })
  periodStart!: Date | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day of the overlapping (or offending) period (冲突终止日期), inclusive; null when the rule has no period.' })
  periodEnd!: Date | null;

  @Field(() => MoneyScalar, {
    description: 'Amount at risk (风险金额，元), exact to the fen: what was paid beyond what one department or one payment would have paid.',
  })
  amountAtRisk!: Decimal;

  @Field(() => MoneyScalar, { nullable: true, description: 'Amount recovered (已追回金额，元), exact; null until a recovery is recorded.' })
  amountRecovered!: Decimal | null;

  @Field({ description: 'Plain explanation in Chinese (说明), naming programs, departments, dates and amounts.' })
  explanation!: string;

  @Field({ description: 'The same explanation in English.' })
  explanationEn!: string;

  @Field(() => FindingStatus, { description: 'Where the finding stands (核查状态).' })
  status!: FindingStatus;

  @Field({ description: 'When detection first raised it (发现时间).' })
  raisedAt!: Date;

  @Field({ description: 'When it last changed (更新时间): by detection or by an auditor.' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When detection closed it automatically (自动关闭时间); null unless it is CLOSED.' })
  closedAt!: Date | null;
}

@ObjectType({ description: "One step in a finding's history (处理记录): raised, updated, a status change, an assignment or a comment." })
export class FindingEvent {
  id!: number;
  findingId!: number;
  departmentId!: number | null;

  @Field(() => FindingEventKind, { description: 'What happened (类型).' })
  kind!: FindingEventKind;

  @Field(() => FindingStatus, { nullable: true, description: 'Status before the step; null when the status did not change.' })
  fromStatus!: FindingStatus | null;

  @Field(() => FindingStatus, { nullable: true, description: 'Status after the step; null when the status did not change.' })
  toStatus!: FindingStatus | null;

  @Field({ description: 'What was said (说明): the reason for a dismissal or automatic closing, a comment, what changed; may be empty.' })
  note!: string;

  @Field(() => MoneyScalar, { nullable: true, description: 'The amount recovered (追回金额，元) for a RECOVERED step; null otherwise.' })
  amount!: Decimal | null;

  @Field({ description: 'Who took the step (操作人): the name of the API key, or `cli:<user>` for the command line.' })
  actorName!: string;

  @Field({ description: 'When (时间).' })
  at!: Date;
}

@ObjectType({
  implements: Node,
  description: 'One run of the 多策合一 rules (核查运行): a scan of a region, or the households one delivery touched, with what it changed.',
})
export class DetectionRun extends Node {
  static readonly typename = 'DetectionRun';
  id!: number;

  get nodeKey() {
    return this.id;
  }

  @Field(() => DetectionTrigger, { description: 'Why it ran: a scan on demand or a delivery.' })
  trigger!: DetectionTrigger;

  @Field(() => RegionCodeScalar, { nullable: true, description: 'The region scanned (核查范围); null for a delivery or a scan of everything.' })
  regionCode!: string | null;

  @Field({ description: 'Who started it (发起人): the API key, or `cli:<user>`.' })
  actorName!: string;

  @Field(() => Int, { description: 'Households judged (核查户数).' })
  householdsScanned!: number;

  @Field(() => Int, { description: 'Subsidy records read (读取补贴笔数).' })
  subsidiesRead!: number;

  @Field(() => Int, { description: 'Bank payments reconciled against the subsidies (对账代发笔数, 一户一卡).' })
  paymentsRead!: number;

  @Field(() => Int, { description: 'Bank payments whose match to a subsidy this run set or changed (对账结果变化笔数).' })
  paymentsRematched!: number;

  @Field(() => Int, { description: 'Findings raised for the first time (新发现).' })
  raised!: number;

  @Field(() => Int, { description: 'Open or confirmed findings whose subsidies or amount changed (更新).' })
  updated!: number;

  @Field(() => Int, { description: 'Closed, dismissed or recovered findings opened again (重新打开).' })
  reopened!: number;

  @Field(() => Int, { description: 'Findings closed because their cause disappeared (自动关闭).' })
  closed!: number;

  @Field({ description: 'When it started.' })
  startedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it finished; null while running (or if it failed).' })
  finishedAt!: Date | null;
}

export const FindingConnection = ConnectionType(Finding, 'Finding', 'A page of 多策合一 findings (核查发现列表), newest first.');

@ObjectType({ description: 'The result of working a finding (处理结果): the finding as it now stands, or why the input was refused.' })
export class FindingPayload {
  @Field(() => Finding, { nullable: true, description: 'The finding after the change; null when the input was refused and nothing was written.' })
  finding!: Finding | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误), each naming the input field; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'The result of a scan (核查结果): the run with its counts, or why the input was refused.' })
export class DetectFindingsPayload {
  @Field(() => DetectionRun, { nullable: true, description: 'The finished run; null when the input was refused.' })
  run!: DetectionRun | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误); empty on success.' })
  userErrors!: UserError[];
}

/** The region level findings are summed at. */
export enum RegionBreakdownLevel {
  VILLAGE = 'VILLAGE',
  TOWNSHIP = 'TOWNSHIP',
  COUNTY = 'COUNTY',
}

registerEnumType(RegionBreakdownLevel, {
  name: 'RegionBreakdownLevel',
  description: 'The level of the regions totals are summed by (汇总层级).',
  valuesConfig: {
    VILLAGE: { description: '村: one bucket per village.' },
    TOWNSHIP: { description: '乡镇: one bucket per township.' },
    COUNTY: { description: '县: one bucket per county.' },
  },
});

@ObjectType({ description: 'Findings of one status (按状态汇总).' })
export class FindingStatusTotal {
  @Field(() => FindingStatus, { description: 'The status (核查状态).' })
  status!: FindingStatus;

  @Field(() => Int, { description: 'How many findings (条数).' })
  count!: number;

  @Field(() => MoneyScalar, { description: 'Their amount at risk (风险金额合计，元), exact.' })
  amountAtRisk!: string;

  @Field(() => MoneyScalar, { description: 'Their amount recovered (已追回金额合计，元), exact; 0.00 when none.' })
  amountRecovered!: string;
}

@ObjectType({ description: 'Findings raised by one rule (按规则汇总).' })
export class FindingRuleTotal {
  ruleId!: number;

  @Field({ description: 'Rule code (规则编码), e.g. DUP-HOUSING.' })
  ruleCode!: string;

  @Field({ description: 'Rule name (规则名称) of its current version.' })
  ruleName!: string;

  @Field(() => Int, { description: 'How many findings (条数).' })
  count!: number;

  @Field(() => MoneyScalar, { description: 'Their amount at risk (风险金额合计，元), exact.' })
  amountAtRisk!: string;
}

@ObjectType({
  description:
    'Findings involving a pair of departments (按部门组合汇总). A finding with departments A, B and C counts once in each of AB, AC and BC; ' +
    'one involving a single department (e.g. a one-time benefit it paid twice) counts in the pair (A, A). ' +
    'So the amounts of all pairs may add up to more than the total.',
})
export class FindingDepartmentPairTotal {
  firstDepartmentId!: number;
  secondDepartmentId!: number;

  @Field(() => Int, { description: 'How many findings involve both departments (条数).' })
  count!: number;

  @Field(() => MoneyScalar, { description: 'The whole amount at risk of those findings (风险金额合计，元), exact.' })
  amountAtRisk!: string;
}

@ObjectType({ description: 'Findings of households in one region (按区划汇总).' })
export class FindingRegionTotal {
  @Field(() => RegionCodeScalar, { description: 'Code of the village, township or county (区划代码).' })
  regionCode!: string;

  @Field(() => Int, { description: 'How many findings (条数).' })
  count!: number;

  @Field(() => MoneyScalar, { description: 'Their amount at risk (风险金额合计，元), exact.' })
  amountAtRisk!: string;
}

@ObjectType({
  description:
    'Totals of the findings a filter selects (核查发现汇总), for auditors and the big-data centre: counts and exact amounts, ' +
    'overall and by status, rule, pair of departments and region. Each breakdown is one query, run only when asked for.',
})
export class FindingTotals {
  filter!: FindingFilter;
  /** The overall sums, fetched once for count, amountAtRisk and amountRecovered. */
  overall?: Promise<{ count: number; amountAtRisk: string; amountRecovered: string }>;
}
