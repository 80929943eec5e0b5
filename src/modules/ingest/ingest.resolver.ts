import { Finding } from '../findings/finding.type';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { PageArgs } from '../../graphql/relay/connection';
import { ArchiveDocument } from '../archive/archive-document.type';
import { Department } from '../catalogue/department.type';
import { Household } from '../household/household.type';
import { IdentityReview } from '../identity/identity-review.type';
import { Member } from '../member/member.type';
import { Subsidy } from '../subsidy/subsidy.type';
import { subjectKey } from './ingest.loaders';
import type { RecordType } from './ingest-records';
import { IngestInput } from './ingest.input';
import {
  Delivery,
  DeliveryConnection,
  FactComparison,
  IngestPayload,
  RecordRevision,
  RejectedRecordConnection,
  ReportedValue,
} from './ingest.type';
import { reportedFacts } from './reported-facts';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';

const dateText = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

@Resolver(() => IngestPayload)
export class IngestResolver {
  @Access(Permission.INGEST)
  @Mutation(() => IngestPayload, {
    description:
      'Delivers a batch of records from one department (数据报送). Each record is applied completely or rejected with its field, a code and the reason; ' +
      'good records are applied even when others are rejected. Records are keyed by (department, sourceRecordId): re-sending one unchanged changes nothing, ' +
      'sending it changed updates it and keeps the previous version. Suspected duplicate people and households become identity reviews.',
  })
  ingest(@Arg('input', () => IngestInput, { description: 'The delivery.' }) input: IngestInput, @Ctx() ctx: HubContext): Promise<IngestPayload> {
    return ctx.services.deliveries.ingest(input);
  }

  @FieldResolver(() => [IdentityReview], { description: 'Suspected duplicates (疑似重复) this delivery raised; settle them with mergeIdentityReview or dismissIdentityReview.' })
  async identityReviews(@Root() payload: IngestPayload, @Ctx() ctx: HubContext): Promise<IdentityReview[]> {
    return (await ctx.loaders.identityReviewById.loadMany(payload.identityReviewIds)).filter((review): review is IdentityReview => review instanceof IdentityReview);
  }

  @FieldResolver(() => [Finding], {
    description: '多策合一 findings this delivery raised or reopened for the households it wrote (e.g. goat raising now funded by two departments). Work them with confirmFinding or dismissFinding.',
  })
  async findings(@Root() payload: IngestPayload, @Ctx() ctx: HubContext): Promise<Finding[]> {
    return (await ctx.loaders.findingById.loadMany(payload.findingIds)).filter((finding): finding is Finding => finding instanceof Finding);
  }

  @Access(Permission.READ_DELIVERIES)
  @Query(() => DeliveryConnection, { description: 'Deliveries received (报送记录), oldest first, optionally of one department.' })
  deliveries(
    @Ctx() ctx: HubContext,
    @Args() page: PageArgs,
    @Arg('department', () => String, { nullable: true, description: 'Department code, e.g. CIVIL.' }) department?: string | null,
  ) {
    return ctx.services.deliveries.list(department ?? null, page);
  }
}

@Resolver(() => Delivery)
export class DeliveryResolver {
  @FieldResolver(() => Department, { description: 'The delivering department (报送部门).' })
  async department(@Root() delivery: Delivery, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(delivery.departmentId))!;
  }

  @FieldResolver(() => RejectedRecordConnection, { description: 'Records the delivery refused (拒收明细), in pages.' })
  rejections(@Root() delivery: Delivery, @Ctx() ctx: HubContext, @Args() page: PageArgs) {
    return ctx.services.deliveries.rejections(delivery.id, page);
  }
}

@Resolver(() => RecordRevision)
export class RecordRevisionResolver {
  @FieldResolver(() => Department, { description: 'The department whose record changed.' })
  async department(@Root() revision: RecordRevision, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(revision.departmentId))!;
  }

  @FieldResolver(() => Delivery, { nullable: true, description: 'The delivery that made the change; null for a change made in the hub (a merge).' })
  delivery(@Root() revision: RecordRevision, @Ctx() ctx: HubContext): Promise<Delivery | null> {
    return revision.deliveryId === null ? Promise.resolve(null) : ctx.loaders.deliveryById.load(revision.deliveryId);
  }
}

@Resolver(() => ReportedValue)
export class ReportedValueResolver {
  @FieldResolver(() => Department, { description: 'The reporting department (报送部门).' })
  async department(@Root() value: ReportedValue, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(value.departmentId))!;
  }
}

@Resolver(() => FactComparison)
export class FactComparisonResolver {
  @FieldResolver(() => Department, { nullable: true, description: 'The department configured as authoritative for this fact (权威部门); null when none is.' })
  authoritativeDepartment(@Root() comparison: FactComparison, @Ctx() ctx: HubContext): Promise<Department | null> {
    return comparison.authoritativeDepartmentCode ? ctx.loaders.departmentByCode.load(comparison.authoritativeDepartmentCode) : Promise.resolve(null);
  }
}

/** Each change knows its household, so a read of a personal-data change can be audited against it. */
async function revisionsOf(recordType: RecordType, subjectId: number, householdId: number, ctx: HubContext): Promise<RecordRevision[]> {
  const revisions = await ctx.loaders.revisionsBySubject.load(subjectKey(recordType, subjectId));
  return revisions.map((revision) => Object.assign(new RecordRevision(), revision, { changes: revision.changes.map((change) => ({ ...change, householdId })) }));
}

const REVISIONS = 'Changes later deliveries made to this record (历史版本), oldest first.';

@Resolver(() => Household)
export class HouseholdDeliveryResolver {
  @FieldResolver(() => [FactComparison], {
    description: 'Each fact as every department reports it (多部门比对): where departments disagree, every value with its source; `value` is the one the hub shows.',
  })
  departmentFacts(@Root() household: Household, @Ctx() ctx: HubContext): Promise<FactComparison[]> {
    return reportedFacts(
      {
        ...household,
        recordType: 'HOUSEHOLD',
        facts: {
          regionCode: household.regionCode,
          villageGroup: household.villageGroup,
          povertyType: household.povertyType,
          status: household.status,
          identifiedOn: dateText(household.identifiedOn),
          causeOfPoverty: household.causeOfPoverty,
          minimumAllowance: household.minimumAllowance,
        },
      },
      ctx,
    );
  }

  @FieldResolver(() => [RecordRevision], { description: `${REVISIONS} Covers every department's household record and merges.` })
  revisions(@Root() household: Household, @Ctx() ctx: HubContext): Promise<RecordRevision[]> {
    return revisionsOf('HOUSEHOLD', household.id, household.id, ctx);
  }
}

@Resolver(() => Member)
export class MemberDeliveryResolver {
  @FieldResolver(() => [FactComparison], { description: 'Each fact about the person as every department reports it (多部门比对), with sources.' })
  departmentFacts(@Root() member: Member, @Ctx() ctx: HubContext): Promise<FactComparison[]> {
    return reportedFacts(
      {
        ...member,
        recordType: 'MEMBER',
        facts: {
          idNumber: member.idNumber,
          name: member.name,
          relation: member.relation,
          ethnicity: member.ethnicity,
          education: member.education,
          health: member.health,
          labourAbility: member.labourAbility,
          migrantWorker: member.migrantWorker,
          student: member.student,
          deceasedOn: dateText(member.deceasedOn),
        },
      },
      ctx,
    );
  }

  @FieldResolver(() => [RecordRevision], { description: REVISIONS })
  revisions(@Root() member: Member, @Ctx() ctx: HubContext): Promise<RecordRevision[]> {
    return revisionsOf('MEMBER', member.id, member.householdId, ctx);
  }
}

@Resolver(() => Subsidy)
export class SubsidyRevisionResolver {
  @FieldResolver(() => [RecordRevision], { description: REVISIONS })
  revisions(@Root() subsidy: Subsidy, @Ctx() ctx: HubContext): Promise<RecordRevision[]> {
    return revisionsOf('SUBSIDY', subsidy.id, subsidy.householdId, ctx);
  }
}

@Resolver(() => ArchiveDocument)
export class ArchiveDocumentRevisionResolver {
  @FieldResolver(() => [RecordRevision], { description: REVISIONS })
  revisions(@Root() document: ArchiveDocument, @Ctx() ctx: HubContext): Promise<RecordRevision[]> {
    return revisionsOf('DOCUMENT', document.id, document.householdId, ctx);
  }
}
