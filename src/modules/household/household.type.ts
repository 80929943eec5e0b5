import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HouseholdStatus, PovertyType } from '../../generated/prisma/enums';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { Node } from '../../graphql/relay/node';
import { DepartmentRecord } from '../provenance/source-record.type';
import { ArchiveFact } from '../archive-review/archive-review.type';

registerEnumType(PovertyType, {
  name: 'PovertyType',
  description: 'Poverty type of a registered household (贫困户属性).',
  valuesConfig: {
    GENERAL: { description: '一般贫困户 (general poor household)' },
    MINIMUM_ALLOWANCE: { description: '低保贫困户 (on the minimum living allowance)' },
    EXTREME_POVERTY: { description: '特困供养贫困户 / 五保户 (extreme-poverty support)' },
  },
});

registerEnumType(HouseholdStatus, {
  name: 'HouseholdStatus',
  description: 'Where a household stands in targeted poverty alleviation (贫困户状态).',
  valuesConfig: {
    IDENTIFIED: { description: '识别 (identified, assistance not yet begun)' },
    ASSISTED: { description: '帮扶中 (being assisted)' },
    EXITED: { description: '已脱贫/退出 (exited poverty)' },
    MONITORED: { description: '监测 (exited, under monitoring against return to poverty)' },
    RETURNED_TO_POVERTY: { description: '返贫 (returned to poverty)' },
    REMOVED: { description: '清退 (removed from the register, with a reason)' },
  },
});

@ObjectType({
  implements: [Node, DepartmentRecord],
  description: 'A registered poor household (建档立卡贫困户), seen through the records of every department: one archive per household (一户一档).',
})
export class Household extends DepartmentRecord {
  static readonly typename = 'Household';
  id!: number;
  regionCode!: string;
  createdAt!: Date;

  get nodeKey() {
    return this.id;
  }

  @Field({ description: 'Household number (户编号), the archive number used by every department.' })
  householdNo!: string;

  @Field(() => String, { nullable: true, description: 'Village group (组), e.g. 3组.' })
  villageGroup!: string | null;

  @Field(() => PovertyType, { description: 'Poverty type (贫困户属性) as recorded by the poverty alleviation office.' })
  povertyType!: PovertyType;

  @Field(() => HouseholdStatus, { description: 'Current status (当前状态); see `statusHistory` for how it got there.' })
  status!: HouseholdStatus;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date the household was identified as poor (识别日期).' })
  identifiedOn!: Date | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Planned exit date (脱贫时限) as the poverty alleviation office records it; null where the archive leaves it blank.' })
  exitDeadline!: Date | null;

  @Field(() => String, { nullable: true, description: 'Main cause of poverty (主要致贫原因), e.g. 因病, 缺技术.' })
  causeOfPoverty!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the household receives the minimum living allowance (低保户), as civil affairs reports it; null when no department has said.' })
  minimumAllowance!: boolean | null;
}

@ObjectType({
  implements: [Node, DepartmentRecord],
  description: "One change of a household's status (状态变更), with its date, who made it and why.",
})
export class StatusChange extends DepartmentRecord {
  static readonly typename = 'StatusChange';
  id!: number;
  householdId!: number;

  get nodeKey() {
    return this.id;
  }

  @Field(() => HouseholdStatus, { nullable: true, description: 'Status before the change; null for the first identification.' })
  fromStatus!: HouseholdStatus | null;

  @Field(() => HouseholdStatus, { description: 'Status from `effectiveOn` on.' })
  toStatus!: HouseholdStatus;

  @Field(() => LocalDateScalar, { description: 'Date the change took effect (生效日期).' })
  effectiveOn!: Date;

  @Field({ description: 'Who decided it (经办单位/人), e.g. 城关镇人民政府.' })
  actor!: string;

  @Field({ description: 'Why (原因), e.g. 人均纯收入稳定超过贫困线.' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'Evidence on file (佐证材料), e.g. the exit assessment it rests on.' })
  evidence!: string | null;

  /** The state machine's structured evidence (JSON); exposed as `evidenceDetail`. */
  evidenceDetail!: unknown;

  @Field(() => String, { nullable: true, description: 'The API key (or `cli:<user>`) that recorded the change in the hub (登记人); null for history delivered by a department.' })
  recordedBy!: string | null;
}

@InputType({ description: 'Which households to list.' })
export class HouseholdFilter {
  @Field(() => RegionCodeScalar, { nullable: true, description: 'Only households in this county, township or village (区划代码).' })
  regionCode?: string | null;

  @Field(() => HouseholdStatus, { nullable: true, description: 'Only households currently in this status.' })
  status?: HouseholdStatus | null;

  @Field(() => PovertyType, { nullable: true, description: 'Only households of this poverty type.' })
  povertyType?: PovertyType | null;

  @Field(() => Int, { nullable: true, description: 'Only households that entered the register (识别/建档) in this year: their first identification on record, or their identification date (识别日期).' })
  enteredInYear?: number | null;

  @Field(() => Int, { nullable: true, description: 'Only households with a change to EXITED (脱贫退出) effective in this year, whatever their status now.' })
  exitedInYear?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only households whose exit deadline (脱贫时限) has passed (before today in China) and that are not EXITED, MONITORED or REMOVED (逾期未脱贫); false: all others.',
  })
  pastExitDeadline?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only households whose stored archive completeness (档案完整率) is below this percentage, e.g. "80"; households never assessed are left out.' })
  completenessBelow?: string | null;

  @Field(() => String, { nullable: true, description: 'Only households whose archive lacks this required item (缺项), by code, e.g. `P04`.' })
  missingItem?: string | null;

  @Field(() => String, { nullable: true, description: 'Only households whose archive holds this item in too many copies (重复), by code.' })
  duplicatedItem?: string | null;

  @Field(() => ArchiveFact, { nullable: true, description: 'Only households whose archive has a discrepancy on this fact (数实不一致).' })
  discrepancy?: ArchiveFact | null;
}
