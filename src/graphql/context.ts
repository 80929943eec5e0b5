import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client';
import { archiveLoaders } from '../modules/archive/archive.loaders';
import { assistanceLoaders } from '../modules/assistance/assistance.loaders';
import { catalogueLoaders } from '../modules/catalogue/catalogue.loaders';
import { CatalogueService } from '../modules/catalogue/catalogue.service';
import { householdLoaders } from '../modules/household/household.loaders';
import { HouseholdService } from '../modules/household/household.service';
import { HouseholdStatusService } from '../modules/household/status-change.service';
import { DeliveryService } from '../modules/ingest/delivery.service';
import { ingestLoaders } from '../modules/ingest/ingest.loaders';
import { identityLoaders } from '../modules/identity/identity.loaders';
import { IdentityReviewService } from '../modules/identity/identity-review.service';
import { IngestService } from '../modules/ingest/ingest.service';
import { memberLoaders } from '../modules/member/member.loaders';
import { regionLoaders } from '../modules/region/region.loaders';
import { subsidyLoaders } from '../modules/subsidy/subsidy.loaders';
import { DEFAULT_LIMITS } from '../config';
import { ALL_PERSONAL_DATA, type PersonalDataCategory, type Viewer } from '../modules/auth/access';
import { keyActor, PersonalDataReads, type AuditActor } from '../modules/auth/audit';
import { ApiKeyService } from '../modules/auth/api-key.service';
import { AuditLogService } from '../modules/auth/audit-log.service';
import { authLoaders } from '../modules/auth/auth.loaders';
import { policyRuleLoaders, PolicyRuleService } from '../modules/findings/policy-rule.service';
import { findingLoaders } from '../modules/findings/finding.loaders';
import { FindingService } from '../modules/findings/finding.service';
import { ArchiveReviewService } from '../modules/archive-review/archive-review.service';
import { CadreAccountabilityService } from '../modules/cadre-accountability/cadre-accountability.service';
import { RegionStatsService } from '../modules/region-stats/region-stats.service';
import { disbursementLoaders } from '../modules/disbursement/disbursement.loaders';
import { DisbursementService } from '../modules/disbursement/disbursement.service';

/** DataLoaders live for one request, so a profile batches its look-ups and never sees stale data. */
export function createLoaders(prisma: PrismaClient) {
  return {
    ...catalogueLoaders(prisma),
    ...regionLoaders(prisma),
    ...householdLoaders(prisma),
    ...memberLoaders(prisma),
    ...subsidyLoaders(prisma),
    ...archiveLoaders(prisma),
    ...assistanceLoaders(prisma),
    ...ingestLoaders(prisma),
    ...identityLoaders(prisma),
    ...authLoaders(prisma),
    ...policyRuleLoaders(prisma),
    ...findingLoaders(prisma),
    ...disbursementLoaders(prisma),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface ContextOptions {
  requestId?: string;
  /** The request's operation name, for the audit log. */
  operation?: string | null;
  maxRecordsPerDelivery?: number;
  /** Personal-data categories the hub masks for keys without their scope (HUB_PROTECTED_PERSONAL_DATA). */
  protectedPersonalData?: ReadonlySet<PersonalDataCategory>;
  /** The requests per minute this key may make (its own limit or the hub's default). */
  rateLimitPerMinute?: number;
}

export function createServices(prisma: PrismaClient, loaders: Loaders, viewer: Viewer, actor: AuditActor, options: ContextOptions = {}) {
  return {
    catalogue: new CatalogueService(prisma),
    households: new HouseholdService(prisma, loaders, viewer),
    householdStatus: new HouseholdStatusService(prisma, loaders, viewer, actor),
    identityReviews: new IdentityReviewService(prisma, viewer, actor),
    deliveries: new DeliveryService(prisma, loaders, new IngestService(prisma, options.maxRecordsPerDelivery, actor), viewer),
    apiKeys: new ApiKeyService(prisma),
    auditLog: new AuditLogService(prisma),
    policyRules: new PolicyRuleService(prisma, actor),
    findings: new FindingService(prisma, loaders, viewer, actor),
    archiveReview: new ArchiveReviewService(prisma, loaders, viewer, actor),
    cadreAccountability: new CadreAccountabilityService(prisma, loaders, viewer),
    regionStats: new RegionStatsService(prisma, loaders, viewer),
    disbursement: new DisbursementService(prisma, loaders, viewer, actor),
  };
}

export interface HubContext {
  requestId: string;
  /** Who is asking: the API key of the request. */
  viewer: Viewer;
  actor: AuditActor;
  protectedPersonalData: ReadonlySet<PersonalDataCategory>;
  rateLimitPerMinute: number;
  /** Unmasked personal data read by this request, written to the audit log before the response leaves. */
  personalDataReads: PersonalDataReads;
  loaders: Loaders;
  services: ReturnType<typeof createServices>;
}

export function createContext(prisma: PrismaClient, viewer: Viewer, options: ContextOptions = {}): HubContext {
  const requestId = options.requestId ?? randomUUID();
  const loaders = createLoaders(prisma);
  const actor = keyActor(viewer, requestId, options.operation ?? null);
  return {
    requestId,
    viewer,
    actor,
    protectedPersonalData: options.protectedPersonalData ?? ALL_PERSONAL_DATA,
    rateLimitPerMinute: options.rateLimitPerMinute ?? viewer.rateLimitPerMinute ?? DEFAULT_LIMITS.rateLimitPerMinute,
    personalDataReads: new PersonalDataReads(),
    loaders,
    services: createServices(prisma, loaders, viewer, actor, options),
  };
}
