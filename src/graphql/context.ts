import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client';
import { archiveLoaders } from '../modules/archive/archive.loaders';
import { assistanceLoaders } from '../modules/assistance/assistance.loaders';
import { catalogueLoaders } from '../modules/catalogue/catalogue.loaders';
import { CatalogueService } from '../modules/catalogue/catalogue.service';
import { householdLoaders } from '../modules/household/household.loaders';
import { HouseholdService } from '../modules/household/household.service';
import { DeliveryService } from '../modules/ingest/delivery.service';
import { ingestLoaders } from '../modules/ingest/ingest.loaders';
import { identityLoaders } from '../modules/identity/identity.loaders';
import { IdentityReviewService } from '../modules/identity/identity-review.service';
import { IngestService } from '../modules/ingest/ingest.service';
import { memberLoaders } from '../modules/member/member.loaders';
import { regionLoaders } from '../modules/region/region.loaders';
import { subsidyLoaders } from '../modules/subsidy/subsidy.loaders';

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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface ServiceOptions {
  maxRecordsPerDelivery?: number;
}

export function createServices(prisma: PrismaClient, loaders: Loaders, options: ServiceOptions = {}) {
  return {
    catalogue: new CatalogueService(prisma),
    households: new HouseholdService(prisma, loaders),
    identityReviews: new IdentityReviewService(prisma),
    deliveries: new DeliveryService(prisma, loaders, new IngestService(prisma, options.maxRecordsPerDelivery)),
  };
}

export interface HubContext {
  requestId: string;
  loaders: Loaders;
  services: ReturnType<typeof createServices>;
}

export function createContext(prisma: PrismaClient, requestId: string = randomUUID(), options: ServiceOptions = {}): HubContext {
  const loaders = createLoaders(prisma);
  return { requestId, loaders, services: createServices(prisma, loaders, options) };
}
