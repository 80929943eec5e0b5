import type { PrismaClient } from '../../generated/prisma/client';
import type { Loaders } from '../../graphql/context';
import { badUserInput, forbidden } from '../../graphql/errors';
import { regionPrefix } from '../../domain/region-code';
import { seesRegion, type Viewer } from '../auth/access';
import * as figures from './region-stats.sql';
import { RegionStats } from './region-stats.type';

/** Statistics of one region and year for one request's key. */
export class RegionStatsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
  ) {}

  /**
   * Statistics must cover exactly the region asked for: a wider region than the key's is refused,
   * not narrowed, so that no figure is read as the county's while it is one village's.
   */
  async stats(regionCode: string, year: number): Promise<RegionStats> {
    if (!seesRegion(this.viewer, regionCode)) throw forbidden(`regionCode: region ${regionCode} lies outside your key's region ${this.viewer.regionCode}`);
    figures.yearBounds(year);
    if (!(await this.loaders.regionByCode.load(regionCode))) throw badUserInput('regionCode', `no region with code ${regionCode} is registered`);
    return Object.assign(new RegionStats(), { regionCode, year, scope: { prefix: regionPrefix(regionCode), year } });
  }

  currentStatus(stats: RegionStats) {
    stats.currentStatus ??= figures.byCurrentStatus(this.prisma, stats.scope);
    return stats.currentStatus;
  }

  yearEnd(stats: RegionStats) {
    stats.yearEnd ??= figures.byStatusAtYearEnd(this.prisma, stats.scope);
    return stats.yearEnd;
  }

  movements(stats: RegionStats) {
    stats.movementFigures ??= figures.movements(this.prisma, stats.scope);
    return stats.movementFigures;
  }

  povertyTypes(stats: RegionStats) {
    return figures.byPovertyType(this.prisma, stats.scope);
  }

  archiveQuality(stats: RegionStats) {
    return figures.archiveQuality(this.prisma, stats.scope);
  }

  openFindings(stats: RegionStats) {
    return figures.openFindings(this.prisma, stats.scope);
  }

  fundsByDepartment(stats: RegionStats) {
    return figures.fundsByDepartment(this.prisma, stats.scope);
  }

  fundsByCategory(stats: RegionStats) {
    return figures.fundsByCategory(this.prisma, stats.scope);
  }
}
