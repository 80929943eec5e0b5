import { daysBetween, monthIndex } from '../../domain/dates';
import { chinaToday } from '../../domain/id-number';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Loaders } from '../../graphql/context';
import { badUserInput } from '../../graphql/errors';
import { keysetWindow, toPage, type Page, type PageArgs } from '../../graphql/relay/connection';
import { loadArchiveConfiguration, MissingConfigurationError, settingOn, type ArchiveCheckSettingSpec } from '../archive-review/archive-configuration';
import type { Viewer } from '../auth/access';
import { registeredRegionWithinScope } from '../auth/access-control';
import type { Household } from '../household/household.type';
import { arrayLiteral } from '../../db/sql-arrays';
import { monthlyRowKey, monthRange, overdueCutoff } from './accountability-rules';
import { CadreMonthlyVisits, OverdueHousehold, OverloadedCadre } from './cadre-accountability.type';

/**
 * A household counts as paired on a date when a pairing is in force that day and the household is
 * neither merged into another nor removed (清退): conditions over `pairing p JOIN household h`.
 * `date` names the parameter holding the date.
 */
const pairedOn = (date: string) =>
  `h.merged_into_id IS NULL AND h.status <> 'REMOVED' AND p.start_date <= ${date}::date AND (p.end_date IS NULL OR p.end_date >= ${date}::date)`;

/** Households paired on `$2` within the region `$1`, with their last visit on or before `$2`, overdue against the cutoff `$3`. */
const OVERDUE = `
  SELECT c.household_id, to_char(c.last_visit, 'YYYY-MM-DD') AS last_visit
    FROM (SELECT h.id AS household_id,
                 (SELECT max(v.visited_on) FROM visit v WHERE v.household_id = h.id AND v.visited_on <= $2::date) AS last_visit
            FROM household h
           WHERE h.region_code LIKE $1::text
             AND EXISTS (SELECT 1 FROM pairing p WHERE p.household_id = h.id AND ${pairedOn('$2')})) c
   WHERE (c.last_visit IS NULL OR c.last_visit < $3::date)`;

/** Cadres with a household paired on `$1` within the region `$3`, and more than `$2` paired households in all. */
const OVERLOADED = `
  WITH local AS (SELECT DISTINCT p.cadre_id FROM pairing p JOIN household h ON h.id = p.household_id WHERE h.region_code LIKE $3::text AND ${pairedOn('$1')})
  SELECT p.cadre_id, count(DISTINCT p.household_id)::int AS households
    FROM pairing p JOIN household h ON h.id = p.household_id
   WHERE p.cadre_id IN (SELECT cadre_id FROM local) AND ${pairedOn('$1')}
   GROUP BY p.cadre_id
  HAVING count(DISTINCT p.household_id) > $2::int`;

/** Visits per cadre and month to households of the region `$1`, from `$2` to `$3`, with each row's cursor key. */
const MONTHLY = `
  SELECT t.cadre_id, t.month, t.visits, t.households,
         t.cadre_id * 100 + (substr(t.month, 1, 4)::int * 12 + substr(t.month, 6, 2)::int - 1 - $4::int) AS row_key
    FROM (SELECT v.cadre_id, to_char(v.visited_on, 'YYYY-MM') AS month, count(*)::int AS visits, count(DISTINCT v.household_id)::int AS households
            FROM visit v JOIN household h ON h.id = v.household_id
           WHERE h.region_code LIKE $1::text AND v.visited_on >= $2::date AND v.visited_on <= $3::date
           GROUP BY v.cadre_id, to_char(v.visited_on, 'YYYY-MM')) t`;

export interface OverdueArgs {
  regionCode?: string | null;
  days?: number | null;
  asOf?: string | null;
}

const MAX_INTERVAL_DAYS = 3650;

/** Cadre accountability (帮扶责任落实): overdue visits, overloaded cadres and visits per month, within the key's region. */
export class CadreAccountabilityService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
  ) {}

  async householdsWithoutVisit(args: OverdueArgs, page: PageArgs): Promise<Page<OverdueHousehold>> {
    const window = keysetWindow(page);
    const prefix = await this.region(args.regionCode);
    const asOf = args.asOf ?? chinaToday();
    let days = args.days;
    if (days === null || days === undefined) days = (await this.setting(asOf)).visitIntervalDays;
    else if (!Number.isInteger(days) || days < 0 || days > MAX_INTERVAL_DAYS) throw badUserInput('days', `must be a whole number of days from 0 to ${MAX_INTERVAL_DAYS}, got ${days}`);
    const parameters = [`${prefix}%`, asOf, overdueCutoff(asOf, days)];
    const after = window.afterKey === null ? '' : ` AND c.household_id > ${window.afterKey}`;
    const [rows, [{ count }]] = await Promise.all([
      this.prisma.$queryRawUnsafe<Array<{ household_id: number; last_visit: string | null }>>(`${OVERDUE}${after} ORDER BY c.household_id LIMIT ${window.take}`, ...parameters),
      this.prisma.$queryRawUnsafe<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM (${OVERDUE}) o`, ...parameters),
    ]);
    return toPage(rows, window, Number(count), (row) => Number(row.household_id), (row) =>
      Object.assign(new OverdueHousehold(), {
        householdId: Number(row.household_id),
        asOf,
        lastVisitOn: row.last_visit,
        daysSinceLastVisit: row.last_visit === null ? null : daysBetween(row.last_visit, asOf),
        intervalDays: days,
      }),
    );
  }

  async overloadedCadres(regionCode: string | null | undefined, asOfArg: string | null | undefined, page: PageArgs): Promise<Page<OverloadedCadre>> {
    const window = keysetWindow(page);
    const prefix = await this.region(regionCode);
    const asOf = asOfArg ?? chinaToday();
    const maximum = (await this.setting(asOf)).maxHouseholdsPerCadre;
    const parameters = [asOf, maximum, `${prefix}%`];
    const after = window.afterKey === null ? '' : ` WHERE o.cadre_id > ${window.afterKey}`;
    const [rows, [{ count }]] = await Promise.all([
      this.prisma.$queryRawUnsafe<Array<{ cadre_id: number; households: number }>>(`SELECT * FROM (${OVERLOADED}) o${after} ORDER BY o.cadre_id LIMIT ${window.take}`, ...parameters),
      this.prisma.$queryRawUnsafe<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM (${OVERLOADED}) o`, ...parameters),
    ]);
    const firstPages = new Map<number, Promise<Map<number, { ids: number[]; total: number }>>>();
    const cadreIds = rows.slice(0, window.pageSize).map((row) => Number(row.cadre_id));
    return toPage(rows, window, Number(count), (row) => Number(row.cadre_id), (row) =>
      Object.assign(new OverloadedCadre(), { cadreId: Number(row.cadre_id), asOf, regionPrefix: prefix, householdCount: Number(row.households), maximum, page: { cadreIds, firstPages } }),
    );
  }

  /** The first `take` households of every cadre on a page of overloaded cadres, and their counts, in one statement. */
  private firstPagesOf(cadre: OverloadedCadre, take: number): Promise<Map<number, { ids: number[]; total: number }>> {
    const cached = cadre.page.firstPages.get(take);
    if (cached) return cached;
    const loaded = this.prisma
      .$queryRawUnsafe<Array<{ cadre_id: number; id: number; total: number }>>(
        `SELECT r.cadre_id, r.id, r.total
           FROM (SELECT d.cadre_id, d.id, row_number() OVER (PARTITION BY d.cadre_id ORDER BY d.id) AS n, count(*) OVER (PARTITION BY d.cadre_id)::int AS total
                   FROM (SELECT DISTINCT p.cadre_id, h.id FROM pairing p JOIN household h ON h.id = p.household_id
                          WHERE p.cadre_id = ANY($1::text::int[]) AND h.region_code LIKE $2::text AND ${pairedOn('$3')}) d) r
          WHERE r.n <= $4::int
          ORDER BY r.cadre_id, r.id`,
        arrayLiteral(cadre.page.cadreIds),
        `${cadre.regionPrefix}%`,
        cadre.asOf,
        take,
      )
      .then((rows) => {
        const byCadre = new Map<number, { ids: number[]; total: number }>();
        for (const row of rows) {
          const entry = byCadre.get(Number(row.cadre_id)) ?? { ids: [], total: Number(row.total) };
          entry.ids.push(Number(row.id));
          byCadre.set(Number(row.cadre_id), entry);
        }
        return byCadre;
      });
    cadre.page.firstPages.set(take, loaded);
    return loaded;
  }

  /** The households an overloaded cadre is paired with on the reference date, within the region asked about. */
  async householdsOf(cadre: OverloadedCadre, page: PageArgs): Promise<Page<Household>> {
    const window = keysetWindow(page);
    if (window.afterKey === null) {
      // A page of cadres asks for each cadre's first households: one statement for them all.
      const first = (await this.firstPagesOf(cadre, window.take)).get(cadre.cadreId) ?? { ids: [], total: 0 };
      return toPage(await this.households(first.ids), window, first.total, (household) => household.id, (household) => household);
    }
    const where = `FROM pairing p JOIN household h ON h.id = p.household_id WHERE p.cadre_id = $1::int AND h.region_code LIKE $2::text AND ${pairedOn('$3')}`;
    const parameters = [cadre.cadreId, `${cadre.regionPrefix}%`, cadre.asOf];
    const after = window.afterKey === null ? '' : ` AND h.id > ${window.afterKey}`;
    const [rows, [{ count }]] = await Promise.all([
      this.prisma.$queryRawUnsafe<Array<{ id: number }>>(`SELECT DISTINCT h.id ${where}${after} ORDER BY h.id LIMIT ${window.take}`, ...parameters),
      this.prisma.$queryRawUnsafe<Array<{ count: number }>>(`SELECT count(DISTINCT h.id)::int AS count ${where}`, ...parameters),
    ]);
    return toPage(await this.households(rows.map((row) => Number(row.id))), window, Number(count), (household) => household.id, (household) => household);
  }

  private async households(ids: number[]): Promise<Household[]> {
    return (await this.loaders.householdById.loadMany(ids)).filter((household): household is Household => household !== null && !(household instanceof Error));
  }

  async visitsByMonth(regionCode: string | null | undefined, from: string, to: string, page: PageArgs): Promise<Page<CadreMonthlyVisits>> {
    const window = keysetWindow(page);
    const range = monthRange(from, to);
    const prefix = await this.region(regionCode);
    const parameters = [`${prefix}%`, range.from, range.to, monthIndex(range.from)];
    const after = window.afterKey === null ? '' : ` WHERE m.row_key > ${window.afterKey}`;
    const [rows, [{ count }]] = await Promise.all([
      this.prisma.$queryRawUnsafe<Array<{ cadre_id: number; month: string; visits: number; households: number }>>(
        `SELECT * FROM (${MONTHLY}) m${after} ORDER BY m.row_key LIMIT ${window.take}`,
        ...parameters,
      ),
      this.prisma.$queryRawUnsafe<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM (${MONTHLY}) m`, ...parameters),
    ]);
    return toPage(rows, window, Number(count), (row) => monthlyRowKey(Number(row.cadre_id), row.month, range), (row) =>
      Object.assign(new CadreMonthlyVisits(), { cadreId: Number(row.cadre_id), month: row.month, visits: Number(row.visits), households: Number(row.households) }),
    );
  }

  /** The region prefix to cover: the one asked for, within the key's; outside it is refused. */
  private region(regionCode: string | null | undefined): Promise<string> {
    return registeredRegionWithinScope(this.viewer, this.loaders, regionCode, 'regionCode');
  }

  private async setting(asOf: string): Promise<ArchiveCheckSettingSpec> {
    try {
      return settingOn(await loadArchiveConfiguration(this.prisma), asOf);
    } catch (error) {
      if (error instanceof MissingConfigurationError) throw badUserInput('asOf', error.message);
      throw error;
    }
  }
}
