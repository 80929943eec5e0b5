import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { ArchiveDocumentResolver } from '../modules/archive/archive.resolver';
import { PairingResolver, VisitResolver } from '../modules/assistance/assistance.resolver';
import { DepartmentResolver, ProgramResolver } from '../modules/catalogue/catalogue.resolver';
import { HouseholdResolver, StatusChangeResolver } from '../modules/household/household.resolver';
import { HouseholdStatusAtResolver, HouseholdStatusChangeResolver } from '../modules/household/status-change.resolver';
import {
  ArchiveDocumentRevisionResolver,
  DeliveryResolver,
  FactComparisonResolver,
  HouseholdDeliveryResolver,
  IngestResolver,
  MemberDeliveryResolver,
  RecordRevisionResolver,
  ReportedValueResolver,
  SubsidyRevisionResolver,
} from '../modules/ingest/ingest.resolver';
import { HouseholdIdentityReviewResolver, IdentityReviewResolver } from '../modules/identity/identity-review.resolver';
import { MemberResolver } from '../modules/member/member.resolver';
import { NodeResolver } from '../modules/node/node.resolver';
import { SourceRecordResolver } from '../modules/provenance/source-record.resolver';
import { RegionResolver } from '../modules/region/region.resolver';
import { SubsidyResolver, SubsidyTotalResolver } from '../modules/subsidy/subsidy.resolver';
import { DateTimeResolver } from 'graphql-scalars';
import { applyAccessControl } from '../modules/auth/access-control';
import { ApiKeyResolver } from '../modules/auth/api-key.resolver';
import { PolicyRuleResolver, PolicyRuleVersionResolver } from '../modules/findings/policy-rule.resolver';
import {
  FindingDepartmentPairTotalResolver,
  FindingEventResolver,
  FindingRegionTotalResolver,
  FindingResolver,
  FindingRuleTotalResolver,
  FindingTotalsResolver,
  HouseholdFindingResolver,
} from '../modules/findings/finding.resolver';
import { CadreAccountabilityResolver, CadreMonthlyVisitsResolver, OverloadedCadreResolver } from '../modules/cadre-accountability/cadre-accountability.resolver';
import { CategoryFundsResolver, DepartmentFundsResolver, RegionStatsResolver } from '../modules/region-stats/region-stats.resolver';
import {
  ArchiveCatalogueResolver,
  ArchiveFactValueResolver,
  ArchiveRecomputationResolver,
  ArchiveReviewItemResolver,
  ArchiveReviewResolver,
  ArchiveRollupHouseholdResolver,
  ArchiveRollupUnitResolver,
  HouseholdArchiveReviewResolver,
} from '../modules/archive-review/archive-review.resolver';
import {
  BankCardResolver,
  BankPaymentResolver,
  CategoryFundsFlowResolver,
  DepartmentFundsFlowResolver,
  HouseholdDisbursementResolver,
  ReconciliationSettingResolver,
  RegionFundsFlowResolver,
  SubsidyDisbursementResolver,
} from '../modules/disbursement/disbursement.resolver';

let schema: GraphQLSchema | undefined;

export function hubSchema(): GraphQLSchema {
  schema ??= applyAccessControl(buildSchemaSync({
    resolvers: [
      NodeResolver,
      HouseholdResolver,
      StatusChangeResolver,
      HouseholdStatusChangeResolver,
      HouseholdStatusAtResolver,
      MemberResolver,
      SubsidyResolver,
      SubsidyTotalResolver,
      DepartmentResolver,
      ProgramResolver,
      RegionResolver,
      ArchiveDocumentResolver,
      PairingResolver,
      VisitResolver,
      SourceRecordResolver,
      IngestResolver,
      IdentityReviewResolver,
      HouseholdIdentityReviewResolver,
      DeliveryResolver,
      RecordRevisionResolver,
      ReportedValueResolver,
      FactComparisonResolver,
      HouseholdDeliveryResolver,
      MemberDeliveryResolver,
      SubsidyRevisionResolver,
      ArchiveDocumentRevisionResolver,
      ApiKeyResolver,
      PolicyRuleResolver,
      PolicyRuleVersionResolver,
      FindingResolver,
      FindingEventResolver,
      HouseholdFindingResolver,
      FindingTotalsResolver,
      FindingRuleTotalResolver,
      FindingDepartmentPairTotalResolver,
      FindingRegionTotalResolver,
      HouseholdArchiveReviewResolver,
      ArchiveReviewResolver,
      ArchiveReviewItemResolver,
      ArchiveFactValueResolver,
      ArchiveRecomputationResolver,
      ArchiveRollupUnitResolver,
      ArchiveRollupHouseholdResolver,
      ArchiveCatalogueResolver,
      CadreAccountabilityResolver,
      OverloadedCadreResolver,
      CadreMonthlyVisitsResolver,
      RegionStatsResolver,
      DepartmentFundsResolver,
      CategoryFundsResolver,
      HouseholdDisbursementResolver,
      SubsidyDisbursementResolver,
      BankCardResolver,
      BankPaymentResolver,
      RegionFundsFlowResolver,
      DepartmentFundsFlowResolver,
      CategoryFundsFlowResolver,
      ReconciliationSettingResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  }));
  return schema;
}

/** The SDL committed at schema/schema.graphql: what department developers code against. */
export function printHubSchema(): string {
  return `${printSchema(lexicographicSortSchema(hubSchema()))}\n`;
}

export function emitSchemaFile(path: string): void {
  writeFileSync(path, printHubSchema());
}
