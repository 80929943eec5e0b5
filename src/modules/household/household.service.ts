import { chinaToday, InvalidIdNumberError, parseIdNumber } from '../../domain/id-number';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { badUserInput } from '../../graphql/errors';
import type { Loaders } from '../../graphql/context';
import { keysetWindow, type Page, type PageArgs, toPage } from '../../graphql/relay/connection';
import { toNode } from '../../graphql/relay/node';
import { Household, type HouseholdFilter } from './household.type';
import { statusOverTimeConditions } from './status-filters';
import { regionRestricted, scopePrefix, seesRegion, type Viewer } from '../auth/access';
import { notVisible, registeredRegionWithinScope } from '../auth/access-control';
import { archiveFilterConditions } from '../archive-review/archive-filters';

export class HouseholdService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
  ) {}

  /** A household by its archive number or by the ID number of any of its members. */
  async find(args: { householdNo?: string | null; idNumber?: string | null }): Promise<Household | null> {
    const { householdNo, idNumber } = args;
    if (!householdNo === !idNumber) throw badUserInput(householdNo ? 'idNumber' : 'householdNo', 'give exactly one of householdNo and idNumber');
    if (householdNo) {
      let row = await this.prisma.household.findUnique({ where: { householdNo: householdNo.trim() } });
      // A household merged into another after an identity review answers with the one it became.
      for (let hops = 0; row && row.mergedIntoId !== null && hops < 10; hops++) row = (await this.prisma.household.findUnique({ where: { id: row.mergedIntoId } }))!;
      if (row && seesRegion(this.viewer, row.regionCode)) {
        const household = toNode(Household, row);
        // Region checks on the profile's nested records look the household up by id.
        this.loaders.householdById.prime(household.id, household);
        return household;
      }
      if (regionRestricted(this.viewer)) throw notVisible('Household');
      throw badUserInput('householdNo', `no household with household number (户编号) "${householdNo}"`);
    }
    let normalized: string;
    try {
      normalized = parseIdNumber(idNumber!).idNumber;
    } catch (error) {
      if (error instanceof InvalidIdNumberError) throw badUserInput('idNumber', error.message);
      throw error;
    }
    const households = await this.prisma.household.findMany({
      where: { mergedIntoId: null, regionCode: { startsWith: scopePrefix(this.viewer) }, members: { some: { idNumber: normalized, mergedIntoId: null } } },
      select: { id: true, householdNo: true },
      orderBy: { householdNo: 'asc' },
    });
    if (households.length === 0) {
      if (regionRestricted(this.viewer)) throw notVisible('Household');
      throw badUserInput('idNumber', `no household has a member with ID number ${normalized}`);
    }
    if (households.length > 1) {
      // A person on record in several households is a suspected duplicate: never pick one silently.
      const numbers = households.map((household) => household.householdNo).join(', ');
      throw badUserInput('idNumber', `ID number ${normalized} is on record in ${households.length} households (${numbers}): query by householdNo`);
    }
    return this.loaders.householdById.load(households[0].id);
  }

  async list(filter: HouseholdFilter | null | undefined, page: PageArgs): Promise<Page<Household>> {
    const window = keysetWindow(page);
    const where: Prisma.HouseholdWhereInput = { mergedIntoId: null };
    where.regionCode = { startsWith: await registeredRegionWithinScope(this.viewer, this.loaders, filter?.regionCode, 'filter.regionCode') };
    if (filter?.status) where.status = filter.status;
    if (filter?.povertyType) where.povertyType = filter.povertyType;
    const statusOverTime = statusOverTimeConditions(filter, chinaToday());
    if (statusOverTime.length > 0) where.AND = [...((where.AND as Prisma.HouseholdWhereInput[] | undefined) ?? []), ...statusOverTime];
    const archive = archiveFilterConditions(filter);
    if (archive.length > 0) where.AND = [...((where.AND as Prisma.HouseholdWhereInput[] | undefined) ?? []), ...archive];
    const [rows, totalCount] = await Promise.all([
      this.prisma.household.findMany({
        where: window.afterKey === null ? where : { AND: [where, { id: { gt: window.afterKey } }] },
        orderBy: { id: 'asc' },
        take: window.take,
      }),
      this.prisma.household.count({ where }),
    ]);
    return toPage(rows, window, totalCount, (row) => row.id, (row) => toNode(Household, row));
  }
}
