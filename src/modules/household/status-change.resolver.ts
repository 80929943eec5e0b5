import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { utcDay } from '../../domain/dates';
import type { HubContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/relay/global-id';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { UserError } from '../../graphql/user-error.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';
import { Household, StatusChange } from './household.type';
import type { StatusChangeResult } from './status-change.service';
import { BasicGuarantees, ChangeHouseholdStatusInput, ChangeHouseholdStatusPayload, StatusChangeEvidence, StatusEvidenceDocument } from './status-change.type';
import { changeInForce } from './status-history';
import type { EvidenceDocumentRef, StatusEvidence } from './status-machine';

function payload(result: StatusChangeResult): ChangeHouseholdStatusPayload {
  if ('problems' in result) {
    return {
      household: null,
      statusChange: null,
      userErrors: result.problems.map((problem) => Object.assign(new UserError(), { ...problem, field: ['input', ...problem.field] })),
    };
  }
  return { household: result.household, statusChange: result.statusChange, userErrors: [] };
}

const document = (ref: EvidenceDocumentRef): StatusEvidenceDocument =>
  Object.assign(new StatusEvidenceDocument(), {
    documentId: toGlobalId('ArchiveDocument', ref.id),
    typeCode: ref.typeCode,
    title: ref.title,
    uniformCode: ref.uniformCode,
    documentDate: ref.documentDate,
  });

@Resolver(() => StatusChange)
export class HouseholdStatusChangeResolver {
  @Access(Permission.CHANGE_HOUSEHOLD_STATUS)
  @Mutation(() => ChangeHouseholdStatusPayload, {
    description:
      "Record a change of a household's status (状态变更) within your key's region: IDENTIFIED → ASSISTED or REMOVED; ASSISTED → EXITED or REMOVED; " +
      'EXITED → MONITORED, RETURNED_TO_POVERTY or REMOVED; MONITORED → EXITED (监测结束) or RETURNED_TO_POVERTY; RETURNED_TO_POVERTY → ASSISTED or EXITED; REMOVED is final. ' +
      'An exit (脱贫退出) needs an exit assessment (P11) dated within the 12 months up to the exit date, a per-capita income above that year’s poverty line stated by the latest P04 or P11 ' +
      'in that window, and 两不愁三保障 confirmed; a removal or a return to poverty needs a reason. Refusals list every problem in `userErrors` and write nothing.',
  })
  async changeHouseholdStatus(
    @Ctx() ctx: HubContext,
    @Arg('input', () => ChangeHouseholdStatusInput, { description: 'The household, the new status, its date, who decided, why and the evidence.' }) input: ChangeHouseholdStatusInput,
  ): Promise<ChangeHouseholdStatusPayload> {
    return payload(await ctx.services.householdStatus.change(input));
  }

  @FieldResolver(() => StatusChangeEvidence, {
    nullable: true,
    description: 'What the change rested on as the hub checked it (佐证明细): documents, income against the poverty line, 两不愁三保障. Null for history delivered by a department.',
  })
  evidenceDetail(@Root() change: StatusChange): StatusChangeEvidence | null {
    const detail = change.evidenceDetail as StatusEvidence | null | undefined;
    if (!detail) return null;
    const exit = detail.exit;
    return Object.assign(new StatusChangeEvidence(), {
      householdId: change.householdId,
      documents: detail.documents.map(document),
      exitAssessment: exit ? document(exit.assessment) : null,
      incomeDocument: exit ? document(exit.income.document) : null,
      perCapitaIncome: exit?.income.perCapitaIncome ?? null,
      povertyLineYear: exit?.povertyLine.year ?? null,
      povertyLine: exit?.povertyLine.amount ?? null,
      guarantees: exit ? Object.assign(new BasicGuarantees(), exit.guarantees) : null,
      windowFrom: exit?.window.from ?? null,
    });
  }
}

@Resolver(() => Household)
export class HouseholdStatusAtResolver {
  @FieldResolver(() => StatusChange, {
    nullable: true,
    description: 'The status change in force at the end of a date (某日状态): its status, date, who decided, why and the evidence; null before the household was identified.',
  })
  async statusAt(
    @Root() household: Household,
    @Ctx() ctx: HubContext,
    @Arg('date', () => LocalDateScalar, { description: 'The date, YYYY-MM-DD.' }) date: string,
  ): Promise<StatusChange | null> {
    return changeInForce(await ctx.loaders.statusChangesByHousehold.load(household.id), utcDay(date));
  }
}
