import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BANK_FILE_COLUMNS, bankFileCsv, bankFilePayments } from '../../src/demo/bank-file';
import {
  BANK_NAME,
  BANK_PLANTED_KINDS,
  DEMO_BANK_FILE_MONTH,
  DEMO_BANK_MONTHS,
  generateCounty,
  PLANTED_PROBLEM_KINDS,
  type BankPaymentRecord,
  type HouseholdBatch,
  type PlantedProblemKind,
  type SubsidyRecord,
} from '../../src/demo/county-generator';
import { parseIdNumber } from '../../src/domain/id-number';
import { yuanToFen } from '../../src/domain/money';
import { ARCHIVE_CHECK_SETTING_V1, PROGRAMS } from '../../src/modules/catalogue/reference-data';

const county = generateCounty();
const records: HouseholdBatch = county.batch();
const PROGRAM = new Map(PROGRAMS.map((program) => [program.code, program]));
const TODAY = '2025-01-01';

function plantedHouseholds(kind: PlantedProblemKind): string[] {
  return [...new Set(county.planted.filter((problem) => problem.kind === kind).map((problem) => problem.householdNo))].sort();
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function householdsWhere<T extends { householdNo: string }>(items: T[], problem: (group: T[]) => boolean): string[] {
  return [...groupBy(items, (item) => item.householdNo)].filter(([, group]) => problem(group)).map(([householdNo]) => householdNo).sort();
}

const live = records.subsidies.filter((subsidy) => subsidy.state !== 'WITHDRAWN');
const overlaps = (a: SubsidyRecord, b: SubsidyRecord) => a.startDate <= b.endDate && b.startDate <= a.endDate;
const memberByKey = new Map(records.members.map((member) => [member.sourceRecordId, member]));
const householdByNo = new Map(county.households.map((household) => [household.householdNo, household]));

describe('generateCounty', () => {
  it('generates the same county for the same seed, whatever the batch boundaries', () => {
    const again = generateCounty({ seed: 2016, households: 2000 });
    expect(again.regions).toEqual(county.regions);
    expect(again.cadres).toEqual(county.cadres);
    expect(again.households).toEqual(county.households);
    expect(again.planted).toEqual(county.planted);
    expect(again.bankPlanted).toEqual(county.bankPlanted);
    // Serialised: deep equality over a hundred thousand records is slow in jest.
    expect(JSON.stringify(again.batch())).toBe(JSON.stringify(records));

    const pieces = [...again.batches(333)];
    for (const table of ['members', 'subsidies', 'documents', 'statusChanges', 'pairings', 'visits', 'cards', 'payments'] as const) {
      expect(JSON.stringify(pieces.flatMap((piece): unknown[] => piece[table]))).toBe(JSON.stringify(records[table]));
    }
  });

  it('generates another county for another seed', () => {
    const other = generateCounty({ seed: 7, households: 2000 });
    expect(other.households.map((h) => h.povertyType)).not.toEqual(county.households.map((h) => h.povertyType));
    expect(other.batch(0, 50).members.map((m) => m.idNumber)).not.toEqual(records.members.slice(0, 50).map((m) => m.idNumber));
  });

  it('makes the asked number of households in villages of Z county', () => {
    expect(county.households).toHaveLength(2000);
    expect(county.households[0].householdNo).toBe('520524100001');
    expect(county.households[1999].householdNo).toBe('520524102000');
    const regions = new Map(county.regions.map((region) => [region.code, region]));
    expect(regions.get('520524000000')).toMatchObject({ name: '织金县', level: 'COUNTY', parentCode: '520500000000' });
    expect(regions.get('520524100000')).toMatchObject({ name: '城关镇', level: 'TOWNSHIP' });
    expect(regions.get('520524100201')).toMatchObject({ name: '五星村', level: 'VILLAGE', parentCode: '520524100000' });
    for (const region of county.regions) if (region.parentCode) expect(regions.has(region.parentCode)).toBe(true);
    const villages = county.regions.filter((region) => region.level === 'VILLAGE');
    for (const village of villages) expect(Number(village.code.slice(9))).toBeGreaterThanOrEqual(200);
    const perVillage = groupBy(county.households, (h) => h.regionCode);
    for (const [code, households] of perVillage) {
      expect(regions.get(code)?.level).toBe('VILLAGE');
      expect(households.length).toBeGreaterThanOrEqual(150);
      expect(households.length).toBeLessThanOrEqual(400);
    }
  });

  it('grows to more townships and villages for a larger county', () => {
    const large = generateCounty({ households: 60_000 });
    expect(large.households).toHaveLength(60_000);
    const townships = large.regions.filter((region) => region.level === 'TOWNSHIP');
    const villages = large.regions.filter((region) => region.level === 'VILLAGE');
    expect(townships.length).toBeGreaterThan(10);
    expect(60_000 / villages.length).toBeGreaterThan(150);
    expect(60_000 / villages.length).toBeLessThan(400);
    expect(new Set(villages.map((village) => village.code)).size).toBe(villages.length);
  });

  it('has poverty types and statuses in realistic proportions', () => {
    const share = (predicate: (h: (typeof county.households)[number]) => boolean) => county.households.filter(predicate).length / 2000;
    expect(share((h) => h.povertyType === 'GENERAL')).toBeCloseTo(0.66, 1);
    expect(share((h) => h.povertyType === 'MINIMUM_ALLOWANCE')).toBeCloseTo(0.31, 1);
    expect(share((h) => h.povertyType === 'EXTREME_POVERTY')).toBeGreaterThan(0.01);
    expect(share((h) => h.status === 'EXITED')).toBeGreaterThan(0.7);
    expect(share((h) => h.status === 'MONITORED')).toBeGreaterThan(0.05);
    for (const household of county.households) {
      expect(household.identifiedOn >= '2014-01-01' && household.identifiedOn <= '2019-12-31').toBe(true);
    }
  });

  it('gives every member a valid ID number that fits their relation to the head', () => {
    const byHousehold = groupBy(records.members, (m) => m.householdNo);
    const misfits: string[] = [];
    for (const household of county.households) {
      const members = byHousehold.get(household.householdNo)!;
      if (members.length < 1 || members.length > 8 || members[0].relation !== 'HEAD') misfits.push(household.householdNo);
      const head = parseIdNumber(members[0].idNumber, TODAY);
      for (const member of members) {
        const facts = parseIdNumber(member.idNumber, TODAY);
        const fits =
          facts.idNumber === member.idNumber &&
          (member.relation !== 'CHILD' && member.relation !== 'GRANDCHILD' ? true : facts.birthDate > head.birthDate) &&
          (member.relation !== 'PARENT' || facts.birthDate < head.birthDate) &&
          (member.deceasedOn === null || member.deceasedOn > facts.birthDate);
        if (!fits) misfits.push(`${member.sourceRecordId} ${member.relation} ${member.idNumber}`);
      }
    }
    expect(misfits).toEqual([]);
    expect(records.members.some((m) => m.deceasedOn !== null)).toBe(true);
    expect([...new Set(records.members.map((m) => m.ethnicity))]).toEqual(expect.arrayContaining(['汉族', '苗族', '彝族', '布依族', '穿青人']));
  });

  it('keeps every source record id unique per department and table', () => {
    for (const table of [county.households, county.cadres, records.members, records.statusChanges, records.subsidies, records.documents, records.pairings, records.visits, records.cards, records.payments]) {
      const keys = (table as Array<{ department: string; sourceRecordId: string }>).map((r) => `${r.department}/${r.sourceRecordId}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('links records by keys that exist', () => {
    const regions = new Set(county.regions.map((region) => region.code));
    const cadres = new Set(county.cadres.map((cadre) => cadre.sourceRecordId));
    expect(county.households.filter((household) => !regions.has(household.regionCode))).toEqual([]);
    for (const table of [records.members, records.statusChanges, records.subsidies, records.documents, records.pairings, records.visits]) {
      expect(table.filter((record: { householdNo: string }) => !householdByNo.has(record.householdNo))).toEqual([]);
    }
    const unlinked = records.subsidies.filter((subsidy) => {
      const program = PROGRAM.get(subsidy.programCode);
      if (program?.department !== subsidy.department) return true;
      if (subsidy.memberKey !== null) return memberByKey.get(subsidy.memberKey)?.householdNo !== subsidy.householdNo;
      return program.personal;
    });
    expect(unlinked).toEqual([]);
    expect([...records.pairings, ...records.visits].filter((record) => !cadres.has(record.cadreKey))).toEqual([]);
  });

  it('states amounts as yuan with two decimals and one bank card per household', () => {
    const malformed = records.subsidies.filter(
      (s) => !/^\d+\.\d{2}$/.test(s.amount) || !/^\d{19}$/.test(s.bankCardNo) || s.startDate > s.endDate || (s.state === 'PAID') !== (s.paidOn !== null),
    );
    expect(malformed).toEqual([]);
    expect(records.documents.filter((d) => d.perCapitaIncome !== null && !/^\d+\.\d{2}$/.test(d.perCapitaIncome))).toEqual([]);
    const cards = groupBy(records.subsidies, (s) => s.householdNo);
    const cardOf = [...cards].map(([, subsidies]) => new Set(subsidies.map((s) => s.bankCardNo)));
    for (const set of cardOf) expect(set.size).toBe(1);
    expect(new Set(cardOf.map((set) => [...set][0])).size).toBe(cardOf.length);
  });

  it('has subsidies from all four departments, most households from several', () => {
    expect(new Set(records.subsidies.map((s) => s.department))).toEqual(new Set(['ARCHIVE', 'POVERTY', 'CIVIL', 'AGRI']));
    const departments = groupBy(records.subsidies, (s) => s.householdNo);
    const several = [...departments.values()].filter((subsidies) => new Set(subsidies.map((s) => s.department)).size >= 2);
    expect(several.length / 2000).toBeGreaterThan(0.9);
    const withConsolation = new Set(records.subsidies.filter((s) => s.programCode === 'ARC_PAIRING_CONSOLATION').map((s) => s.householdNo));
    expect(withConsolation.size / 2000).toBeGreaterThan(0.75);
    const dibao = new Set(live.filter((s) => s.programCode === 'CIV_DIBAO').map((s) => s.householdNo));
    expect(county.households.filter((h) => h.povertyType === 'MINIMUM_ALLOWANCE' && h.status !== 'REMOVED' && !dibao.has(h.householdNo))).toEqual([]);
  });

  it('sets exit deadlines: blank in the blank village, the exit year or later for exited households, 2020-12-31 for the rest', () => {
    const exitYear = new Map(records.statusChanges.filter((c) => c.toStatus === 'EXITED').map((c) => [c.householdNo, Number(c.effectiveOn.slice(0, 4))]));
    const electronicPlan = new Set(records.documents.filter((d) => d.typeCode === 'E08').map((d) => householdByNo.get(d.householdNo)!.regionCode));
    const wrong = county.households.filter((h) => {
      if (!electronicPlan.has(h.regionCode)) return h.exitDeadline !== null;
      const exited = exitYear.get(h.householdNo);
      if (exited === undefined) return h.exitDeadline !== '2020-12-31';
      return h.exitDeadline === null || !/^20(1[5-9]|20)-12-31$/.test(h.exitDeadline) || Number(h.exitDeadline.slice(0, 4)) < exited;
    });
    expect(wrong).toEqual([]);
    const blank = county.households.filter((h) => h.exitDeadline === null);
    expect(new Set(blank.map((h) => h.regionCode)).size).toBe(1);
    expect(blank.length).toBeGreaterThan(100);
    const exitedLater = county.households.filter((h) => h.exitDeadline !== null && exitYear.has(h.householdNo) && Number(h.exitDeadline.slice(0, 4)) > exitYear.get(h.householdNo)!);
    expect(exitedLater.length).toBeGreaterThan(0);
    const overdue = county.households.filter((h) => ['ASSISTED', 'IDENTIFIED', 'RETURNED_TO_POVERTY'].includes(h.status) && h.exitDeadline !== null);
    expect(overdue.length).toBeGreaterThan(50);
    for (const h of overdue) expect(h.exitDeadline! <= '2020-12-31').toBe(true);
  });

  it('ends every status history in the household status', () => {
    const histories = groupBy(records.statusChanges, (change) => change.householdNo);
    const inconsistent = county.households.filter((household) => {
      const history = histories.get(household.householdNo)!;
      const first = history[0];
      return (
        first.fromStatus !== null ||
        first.toStatus !== 'IDENTIFIED' ||
        first.effectiveOn !== household.identifiedOn ||
        history.some((change, k) => k > 0 && (change.fromStatus !== history[k - 1].toStatus || change.effectiveOn <= history[k - 1].effectiveOn)) ||
        history[history.length - 1].toStatus !== household.status
      );
    });
    expect(inconsistent).toEqual([]);
  });

  it('plants every kind of problem in a few percent of households', () => {
    for (const kind of PLANTED_PROBLEM_KINDS) {
      const share = plantedHouseholds(kind).length / 2000;
      expect({ kind, planted: share > 0.01 && share < 0.15 }).toEqual({ kind, planted: true });
    }
    for (const problem of county.planted) expect(householdByNo.has(problem.householdNo)).toBe(true);
  });

  it('plants every kind of problem in a small county too', () => {
    const small = generateCounty({ households: 150 });
    expect(new Set(small.planted.map((problem) => problem.kind))).toEqual(new Set(PLANTED_PROBLEM_KINDS));
  });

  describe('has exactly the problems it reports', () => {
    const members = groupBy(records.members, (m) => m.householdNo);
    const documents = records.documents;

    it('DUPLICATE_CATEGORY_SUBSIDY: one category funded by two departments over the same period', () => {
      const found = householdsWhere(live, (subsidies) =>
        subsidies.some((a) =>
          subsidies.some((b) => a.department < b.department && PROGRAM.get(a.programCode)!.category === PROGRAM.get(b.programCode)!.category && overlaps(a, b)),
        ),
      );
      expect(found).toEqual(plantedHouseholds('DUPLICATE_CATEGORY_SUBSIDY'));
    });

    it('MUTUALLY_EXCLUSIVE: 低保 and 特困供养 at once', () => {
      const found = householdsWhere(live, (subsidies) =>
        subsidies.some((a) => a.programCode === 'CIV_TEKUN' && subsidies.some((b) => b.programCode === 'CIV_DIBAO' && overlaps(a, b))),
      );
      expect(found).toEqual(plantedHouseholds('MUTUALLY_EXCLUSIVE'));
    });

    it('ONE_TIME_REPEATED: a one-time project paid twice', () => {
      const found = householdsWhere(live, (subsidies) => {
        const oneTime = subsidies.filter((s) => PROGRAM.get(s.programCode)!.oneTime);
        return new Set(oneTime.map((s) => PROGRAM.get(s.programCode)!.category)).size < oneTime.length;
      });
      expect(found).toEqual(plantedHouseholds('ONE_TIME_REPEATED'));
    });

    it('ANNUAL_CAP_EXCEEDED: more than 30000.00 for livestock in one year', () => {
      const found = householdsWhere(live, (subsidies) => {
        const totals = groupBy(subsidies.filter((s) => PROGRAM.get(s.programCode)!.category === 'INDUSTRY_LIVESTOCK'), (s) => String(s.year));
        return [...totals.values()].some((year) => year.reduce((sum, s) => sum + Number(s.amount), 0) > 30000);
      });
      expect(found).toEqual(plantedHouseholds('ANNUAL_CAP_EXCEEDED'));
    });

    it('PAID_AFTER_EXIT: assistance paid three or more years after exit', () => {
      const safetyNet = new Set(['FARMLAND', 'LIVING_ALLOWANCE', 'MEDICAL']);
      const exitYear = new Map(records.statusChanges.filter((c) => c.toStatus === 'EXITED').map((c) => [c.householdNo, Number(c.effectiveOn.slice(0, 4))]));
      const found = householdsWhere(live, (subsidies) => {
        const household = householdByNo.get(subsidies[0].householdNo)!;
        if (household.status !== 'EXITED') return false;
        return subsidies.some((s) => !safetyNet.has(PROGRAM.get(s.programCode)!.category) && s.year >= exitYear.get(s.householdNo)! + 3);
      });
      expect(found).toEqual(plantedHouseholds('PAID_AFTER_EXIT'));
    });

    it('PAID_TO_DECEASED: a personal payment after the member died', () => {
      const found = householdsWhere(live, (subsidies) =>
        subsidies.some((s) => {
          const deceasedOn = s.memberKey === null ? null : memberByKey.get(s.memberKey)!.deceasedOn;
          return deceasedOn !== null && s.paidOn !== null && s.paidOn > deceasedOn;
        }),
      );
      expect(found).toEqual(plantedHouseholds('PAID_TO_DECEASED'));
    });

    it('MISSING_ARCHIVE_ITEMS: items the status calls for are absent, E05 and E08 for a whole village', () => {
      const expected = (status: string) => {
        const items = ['P01', 'P02', 'P03', 'P04', 'P05', 'P13', 'P14', 'E01', 'E02', 'E03', 'E04'];
        if (status !== 'IDENTIFIED') items.push('P06', 'P07', 'P08', 'P09', 'P10', 'E05', 'E06', 'E07', 'E08');
        if (['EXITED', 'MONITORED', 'RETURNED_TO_POVERTY'].includes(status)) items.push('P11', 'P12', 'E09');
        return items;
      };
      const found = householdsWhere(documents, (docs) => {
        const present = new Set(docs.map((d) => d.typeCode));
        return expected(householdByNo.get(docs[0].householdNo)!.status).some((code) => !present.has(code));
      });
      expect(found).toEqual(plantedHouseholds('MISSING_ARCHIVE_ITEMS'));

      const electronicPlan = new Set(documents.filter((d) => d.typeCode === 'E05' || d.typeCode === 'E08').map((d) => d.householdNo));
      const blankVillages = [...groupBy(county.households, (h) => h.regionCode)].filter(([, households]) => households.every((h) => !electronicPlan.has(h.householdNo)));
      expect(blankVillages).toHaveLength(1);
    });

    it('DUPLICATE_DOCUMENT: several copies of one form', () => {
      const found = householdsWhere(documents, (docs) => new Set(docs.map((d) => d.typeCode)).size < docs.length);
      expect(found).toEqual(plantedHouseholds('DUPLICATE_DOCUMENT'));
    });

    it('FAMILY_SIZE_MISMATCH: a paper form states another family size than the members on record', () => {
      const found = householdsWhere(documents, (docs) =>
        docs.some((d) => d.typeCode.startsWith('P') && d.familySize !== null && d.familySize !== members.get(d.householdNo)!.length),
      );
      expect(found).toEqual(plantedHouseholds('FAMILY_SIZE_MISMATCH'));
    });

    it('PAPER_ELECTRONIC_MISMATCH: the electronic members record E02 states another family size than the paper P02', () => {
      const found = householdsWhere(documents, (docs) => docs.some((d) => d.typeCode === 'E02' && d.familySize !== members.get(d.householdNo)!.length));
      expect(found).toEqual(plantedHouseholds('PAPER_ELECTRONIC_MISMATCH'));
      for (const problem of county.planted.filter((p) => p.kind === 'PAPER_ELECTRONIC_MISMATCH')) {
        const size = (code: string) => documents.find((d) => d.householdNo === problem.householdNo && d.typeCode === code)!.familySize;
        expect(size('P02')).toBe(members.get(problem.householdNo)!.length);
        expect(problem.detail).toBe(`E02 家庭成员 (electronic) states family size ${size('E02')}, paper P02 贫困户调查登记表 states ${size('P02')}`);
      }
    });

    it('LABOUR_COUNT_MISMATCH: a form states another labour count than the members able to work', () => {
      const able = (householdNo: string) => members.get(householdNo)!.filter((m) => m.labourAbility === 'ORDINARY' || m.labourAbility === 'SKILLED').length;
      const misstated = documents.filter((d) => d.labourCount !== null && d.labourCount !== able(d.householdNo));
      expect([...new Set(misstated.map((d) => d.householdNo))].sort()).toEqual(plantedHouseholds('LABOUR_COUNT_MISMATCH'));
      const details = new Map(county.planted.filter((p) => p.kind === 'LABOUR_COUNT_MISMATCH').map((p) => [p.householdNo, p.detail]));
      for (const d of misstated) {
        expect(d.labourCount).toBeGreaterThanOrEqual(0);
        expect(details.get(d.householdNo)).toMatch(new RegExp(`^${d.typeCode} \\S+ states labour count ${d.labourCount}, ${able(d.householdNo)} members with ORDINARY or SKILLED`));
      }
    });

    it('INCOME_ARITHMETIC: a P04 whose components do not give the per-capita income it records, 100 to 900 yuan off', () => {
      const stated = documents.filter((d) => d.typeCode === 'P04');
      expect(stated.length).toBeGreaterThan(1900);
      expect(documents.filter((d) => d.typeCode !== 'P04' && d.incomeComponents !== null)).toEqual([]);
      const off = new Map<string, number>();
      for (const d of stated) {
        const parts = d.incomeComponents!;
        for (const value of Object.values(parts)) expect(value).toMatch(/^\d+\.\d{2}$/);
        const net = yuanToFen(parts.wage) + yuanToFen(parts.operating) + yuanToFen(parts.property) + yuanToFen(parts.transfer) - yuanToFen(parts.productionCosts);
        const perCapita = Math.floor((2 * net + d.familySize!) / (2 * d.familySize!)); // half up to the fen
        if (perCapita !== yuanToFen(d.perCapitaIncome!)) off.set(d.householdNo, perCapita - yuanToFen(d.perCapitaIncome!));
      }
      expect([...off.keys()].sort()).toEqual(plantedHouseholds('INCOME_ARITHMETIC'));
      for (const problem of county.planted.filter((p) => p.kind === 'INCOME_ARITHMETIC')) {
        const delta = off.get(problem.householdNo)!;
        expect(Math.abs(delta)).toBeGreaterThanOrEqual(100_00);
        expect(Math.abs(delta)).toBeLessThanOrEqual(900_00);
        expect(problem.detail).toContain(`give ${(Math.abs(delta) / 100).toFixed(2)} yuan per person ${delta > 0 ? 'more' : 'less'} than`);
      }
    });

    it('FOUR_LOOKS_ARITHMETIC: a P03 whose recorded total is 3 or more points off its weighted item scores', () => {
      const weight = (text: string) => Number(text.replace('.', ''));
      const weights = {
        house: weight(ARCHIVE_CHECK_SETTING_V1.houseWeight),
        grain: weight(ARCHIVE_CHECK_SETTING_V1.grainWeight),
        labour: weight(ARCHIVE_CHECK_SETTING_V1.labourWeight),
        student: weight(ARCHIVE_CHECK_SETTING_V1.studentWeight),
      };
      const sheets = documents.filter((d) => d.typeCode === 'P03');
      expect(sheets.length).toBeGreaterThan(1900);
      expect(documents.filter((d) => d.typeCode !== 'P03' && (d.fourLooksScores !== null || d.fourLooksTotal !== null))).toEqual([]);
      const off = new Map<string, { recorded: string; weighted: number }>();
      for (const d of sheets) {
        const scores = d.fourLooksScores!;
        let sum = 0;
        for (const item of ['house', 'grain', 'labour', 'student'] as const) {
          expect(scores[item]).toMatch(/^\d{1,3}\.\d{2}$/);
          const hundredths = yuanToFen(scores[item]);
          expect(hundredths).toBeLessThanOrEqual(100_00);
          sum += hundredths * weights[item];
        }
        const weighted = Math.floor((sum + 5_000) / 10_000); // half up to 0.01
        if (weighted !== yuanToFen(d.fourLooksTotal!)) off.set(d.householdNo, { recorded: d.fourLooksTotal!, weighted });
      }
      expect([...off.keys()].sort()).toEqual(plantedHouseholds('FOUR_LOOKS_ARITHMETIC'));
      for (const problem of county.planted.filter((p) => p.kind === 'FOUR_LOOKS_ARITHMETIC')) {
        const { recorded, weighted } = off.get(problem.householdNo)!;
        expect(Math.abs(yuanToFen(recorded) - weighted)).toBeGreaterThanOrEqual(300);
        expect(yuanToFen(recorded)).toBeLessThanOrEqual(100_00);
        expect(problem.detail).toBe(`P03 四看法指标体系评分表 records a total of ${recorded}, its item scores weighted give ${(weighted / 100).toFixed(2)}`);
      }
    });

    it('INCOME_MISMATCH: P04 and P02 state different per-capita incomes', () => {
      const found = householdsWhere(documents, (docs) => {
        const income = (code: string) => docs.find((d) => d.typeCode === code)?.perCapitaIncome;
        return income('P02') !== undefined && income('P04') !== undefined && income('P02') !== income('P04');
      });
      expect(found).toEqual(plantedHouseholds('INCOME_MISMATCH'));
    });

    it('DUPLICATE_PERSON: one ID number in two households, or one name and birth date in a village under two numbers', () => {
      const sameNumber = [...groupBy(records.members, (m) => m.idNumber).values()].filter((group) => group.length > 1);
      const village = (m: { householdNo: string }) => householdByNo.get(m.householdNo)!.regionCode;
      const sameNameAndBirth = [...groupBy(records.members, (m) => `${village(m)}/${m.name}/${m.idNumber.slice(6, 14)}`).values()].filter(
        (group) => new Set(group.map((m) => m.idNumber)).size > 1,
      );
      expect(sameNumber.length).toBeGreaterThan(0);
      expect(sameNameAndBirth.length).toBeGreaterThan(0);
      const found = [...new Set([...sameNumber, ...sameNameAndBirth].flat().map((m) => m.householdNo))].sort();
      expect(found).toEqual(plantedHouseholds('DUPLICATE_PERSON'));
    });

    it('DUPLICATE_HEAD_NAME: two heads with one name in a village', () => {
      const heads = records.members.filter((m) => m.relation === 'HEAD');
      const found = [...groupBy(heads, (m) => `${householdByNo.get(m.householdNo)!.regionCode}/${m.name}`).values()]
        .filter((group) => group.length > 1)
        .flat()
        .map((m) => m.householdNo)
        .sort();
      expect(found).toEqual(plantedHouseholds('DUPLICATE_HEAD_NAME'));
    });

    it('POVERTY_TYPE_MISMATCH: civil affairs pays 低保 to a general household, or a form states another type', () => {
      const byCivil = live.filter((s) => s.programCode === 'CIV_DIBAO' && householdByNo.get(s.householdNo)!.povertyType === 'GENERAL').map((s) => s.householdNo);
      const byForm = documents.filter((d) => d.povertyType !== null && d.povertyType !== householdByNo.get(d.householdNo)!.povertyType).map((d) => d.householdNo);
      expect([...new Set([...byCivil, ...byForm])].sort()).toEqual(plantedHouseholds('POVERTY_TYPE_MISMATCH'));
    });
  });
});

describe('generateCounty: 一户一卡 cards and the bank payments of 2024', () => {
  const keyOf = (s: { department: string; sourceRecordId: string }) => `${s.department}/${s.sourceRecordId}`;
  const subsidyByKey = new Map(records.subsidies.map((s) => [keyOf(s), s]));
  const paymentsOf = groupBy(records.payments, (p) => p.subsidyKey);
  const cardByHousehold = new Map(records.cards.map((card) => [card.householdNo, card]));
  const cardByNo = new Map(records.cards.map((card) => [card.cardNo, card]));
  const planted = (kind: (typeof BANK_PLANTED_KINDS)[number]) => county.bankPlanted.filter((plant) => plant.kind === kind);
  const plantedSubsidies = new Set(county.bankPlanted.map((plant) => plant.subsidyKey));
  const fen = (amount: string) => yuanToFen(amount);
  const total = (payments: BankPaymentRecord[]) => payments.reduce((sum, p) => sum + fen(p.amount), 0);
  const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const maxDate = (a: string, b: string) => (a > b ? a : b);
  const deathPlants = new Set(planted('PAID_AFTER_DEATH').map((plant) => plant.householdNo));
  /** Both households of a shared card: their livestock projects are the plant's own. */
  const sharedCards = new Set(planted('CARD_SHARED_ACROSS_DEPARTMENTS').flatMap((plant) => [plant.householdNo, plant.otherHouseholdNo!]));

  it('gives every household one card of 织金农商银行, its own number, held by a member, opened when it was identified', () => {
    expect(records.cards).toHaveLength(2000);
    expect(cardByHousehold.size).toBe(2000);
    const wrong = records.cards.filter((card) => {
      const household = householdByNo.get(card.householdNo)!;
      const holder = memberByKey.get(card.holderKey);
      const subsidies = records.subsidies.filter((s) => s.householdNo === card.householdNo);
      return (
        card.bankName !== BANK_NAME ||
        card.department !== 'BANK' ||
        card.sourceRecordId !== `CARD-${card.cardNo}` ||
        subsidies.some((s) => s.bankCardNo !== card.cardNo) ||
        holder?.householdNo !== card.householdNo ||
        holder.name !== card.holderName ||
        holder.idNumber !== card.holderIdNumber ||
        card.openedOn < household.identifiedOn ||
        card.openedOn > addDays(household.identifiedOn, 30) ||
        card.closedOn !== null
      );
    });
    expect(wrong).toEqual([]);
  });

  it('has cards held by the head, or by a living member when the head died; only the planted holders die', () => {
    const members = groupBy(records.members, (m) => m.householdNo);
    const odd = records.cards.filter((card) => {
      const holder = memberByKey.get(card.holderKey)!;
      const household = members.get(card.householdNo)!;
      if (deathPlants.has(card.householdNo)) return holder.relation === 'HEAD' || holder.deceasedOn === null || !holder.deceasedOn.startsWith('2024-');
      if (household[0].deceasedOn === null) return holder !== household[0];
      // The head died (a planted payment to the deceased): another member if one lives.
      return household.some((m) => m.deceasedOn === null) ? holder.deceasedOn !== null : holder !== household[0];
    });
    expect(odd).toEqual([]);
  });

  it('gives CIVIL and POVERTY subsidies of 2024 a unique payment reference, and nothing else one', () => {
    const wrong = records.subsidies.filter((s) => {
      const expected = s.year === 2024 && s.state !== 'APPLIED' && (s.department === 'CIVIL' || s.department === 'POVERTY') ? `ZF-${s.department}-${s.sourceRecordId}` : null;
      return s.paymentReference !== expected;
    });
    expect(wrong).toEqual([]);
    const references = records.subsidies.map((s) => s.paymentReference).filter((r) => r !== null);
    expect(references.length).toBeGreaterThan(1000);
    expect(new Set(references).size).toBe(references.length);
  });

  it('pays every approved subsidy once, on its day, its amount, to the household card, quoting its reference, unless a plant says otherwise', () => {
    const wrong: string[] = [];
    for (const s of records.subsidies) {
      const key = keyOf(s);
      const payments = paymentsOf.get(key) ?? [];
      if (plantedSubsidies.has(key) || sharedCards.has(s.householdNo)) continue;
      const expectsPayment = (s.state === 'PAID' && s.paidOn!.startsWith('2024-')) || (s.state === 'APPROVED' && s.year === 2024);
      if (!expectsPayment) {
        if (payments.length > 0) wrong.push(`${key} ${s.state} ${s.paidOn}: paid by the bank`);
        continue;
      }
      const card = cardByHousehold.get(s.householdNo)!;
      const [p] = payments;
      if (
        payments.length !== 1 ||
        p.amount !== s.amount ||
        (s.paidOn !== null && p.paidOn !== s.paidOn) ||
        p.cardNo !== card.cardNo ||
        p.holderIdNumber !== card.holderIdNumber ||
        p.holderName !== card.holderName ||
        p.householdNo !== s.householdNo ||
        p.paymentReference !== s.paymentReference
      ) {
        wrong.push(`${key}: ${JSON.stringify(payments)}`);
      }
    }
    expect(wrong).toEqual([]);
    // Still-approved subsidies are paid by the bank all the same: the department's records lag.
    expect(records.payments.some((p) => subsidyByKey.get(p.subsidyKey)!.state === 'APPROVED')).toBe(true);
  });

  it('pays in every month of 2024, with unique bank references and 低保 memos by month', () => {
    expect(records.payments.filter((p) => !p.paidOn.startsWith('2024-'))).toEqual([]);
    expect(new Set(records.payments.map((p) => p.paidOn.slice(0, 7)))).toEqual(new Set(DEMO_BANK_MONTHS));
    expect(new Set(records.payments.map((p) => p.sourceRecordId)).size).toBe(records.payments.length);
    expect(records.payments.filter((p) => !/^BK\d{17}$/.test(p.sourceRecordId) || p.department !== 'BANK' || !subsidyByKey.has(p.subsidyKey))).toEqual([]);
    const dibao = records.payments.filter((p) => subsidyByKey.get(p.subsidyKey)!.programCode === 'CIV_DIBAO');
    expect(dibao.filter((p) => p.memo !== `低保金 2024年${Number(subsidyByKey.get(p.subsidyKey)!.startDate.slice(5, 7))}月`)).toEqual([]);
  });

  it('plants a few of every bank gap and control, spread over the months, December among them, each on a household with no other plant', () => {
    for (const kind of BANK_PLANTED_KINDS) expect({ kind, count: planted(kind).length }).toEqual({ kind, count: 10 });
    const months = (kind: string) => new Set(county.bankPlanted.filter((p) => p.kind === kind).map((p) => p.month));
    for (const kind of BANK_PLANTED_KINDS) expect(months(kind).size).toBeGreaterThanOrEqual(5);
    for (const kind of BANK_PLANTED_KINDS.filter((k) => k !== 'PAID_INSIDE_WINDOW')) expect({ kind, december: months(kind).has(DEMO_BANK_FILE_MONTH) }).toEqual({ kind, december: true });
    // A late payment in the month the demo leaves for import would look unpaid until then.
    expect(months('PAID_INSIDE_WINDOW').has(DEMO_BANK_FILE_MONTH)).toBe(false);
    const old = new Set(county.planted.map((p) => p.householdNo));
    const involved = county.bankPlanted.flatMap((p) => [p.householdNo, ...(p.otherHouseholdNo ? [p.otherHouseholdNo] : [])]);
    expect(involved.filter((householdNo) => old.has(householdNo))).toEqual([]);
    expect(new Set(involved).size).toBe(involved.length);
    expect(generateCounty({ households: 600 }).bankPlanted.filter((p) => !p.control).length).toBeGreaterThanOrEqual(21);
  });

  describe('has exactly the bank gaps it reports', () => {
    const householdsOf = (kinds: Array<(typeof BANK_PLANTED_KINDS)[number]>) => county.bankPlanted.filter((p) => kinds.includes(p.kind)).map((p) => p.householdNo).sort();

    it('NOT_PAID: an approved subsidy due within 2024 with no payment', () => {
      const unpaid = records.subsidies.filter((s) => {
        if (s.state !== 'APPROVED' && s.state !== 'PAID') return false;
        const anchor = s.approvedOn ?? s.startDate;
        const living = PROGRAM.get(s.programCode)!.category === 'LIVING_ALLOWANCE';
        const due = living ? addDays(anchor, 20) : addDays(maxDate(anchor, s.endDate), 60);
        return (anchor < s.startDate ? anchor : s.startDate) >= '2024-01-01' && due <= '2024-12-31' && !paymentsOf.has(keyOf(s));
      });
      expect(unpaid.map((s) => s.householdNo).sort()).toEqual(householdsOf(['NOT_PAID']));
      for (const plant of planted('NOT_PAID')) expect(paymentsOf.has(plant.subsidyKey!)).toBe(false);
    });

    it('PAID_SHORT, PAID_MORE: the payments of a subsidy add up to another amount', () => {
      const off = [...paymentsOf].filter(([key, payments]) => {
        const s = subsidyByKey.get(key)!;
        return payments.every((p) => p.amount !== s.amount) && total(payments) !== fen(s.amount);
      });
      expect(off.map(([key]) => subsidyByKey.get(key)!.householdNo).sort()).toEqual(householdsOf(['PAID_SHORT', 'PAID_MORE']));
      for (const plant of planted('PAID_SHORT')) expect(total(paymentsOf.get(plant.subsidyKey!)!)).toBeLessThan(fen(subsidyByKey.get(plant.subsidyKey!)!.amount));
      for (const plant of planted('PAID_MORE')) expect(total(paymentsOf.get(plant.subsidyKey!)!)).toBeGreaterThan(fen(subsidyByKey.get(plant.subsidyKey!)!.amount));
    });

    it('PAID_TWICE: two payments of the full amount, days apart, under two bank references', () => {
      const twice = [...paymentsOf].filter(([key, payments]) => payments.filter((p) => p.amount === subsidyByKey.get(key)!.amount).length >= 2);
      expect(twice.map(([key]) => subsidyByKey.get(key)!.householdNo).sort()).toEqual(householdsOf(['PAID_TWICE']));
      for (const [, payments] of twice) {
        expect(new Set(payments.map((p) => p.paidOn)).size).toBe(2);
        expect(new Set(payments.map((p) => p.sourceRecordId)).size).toBe(2);
      }
    });

    it('PAID_TO_OTHER_CARD: a subsidy paid to another household’s card, quoting its reference', () => {
      const elsewhere = records.payments.filter((p) => cardByNo.get(p.cardNo)!.householdNo !== subsidyByKey.get(p.subsidyKey)!.householdNo);
      const expected = [
        ...planted('PAID_TO_OTHER_CARD').map((p) => `${p.householdNo} → ${p.otherHouseholdNo}`),
        ...planted('CARD_SHARED_ACROSS_DEPARTMENTS').map((p) => `${p.otherHouseholdNo} → ${p.householdNo}`),
      ].sort();
      expect(elsewhere.map((p) => `${subsidyByKey.get(p.subsidyKey)!.householdNo} → ${cardByNo.get(p.cardNo)!.householdNo}`).sort()).toEqual(expected);
      for (const p of elsewhere) {
        expect(p.paymentReference).toBe(subsidyByKey.get(p.subsidyKey)!.paymentReference);
        expect(p.paymentReference).not.toBeNull();
        expect(p.householdNo).toBe(cardByNo.get(p.cardNo)!.householdNo);
      }
    });

    it('CARD_SHARED_ACROSS_DEPARTMENTS: one card receives livestock money from AGRI and POVERTY in 2024', () => {
      const byCard = groupBy(records.payments, (p) => `${p.cardNo}/${PROGRAM.get(subsidyByKey.get(p.subsidyKey)!.programCode)!.category}`);
      const shared = [...byCard.values()].filter((payments) => new Set(payments.map((p) => subsidyByKey.get(p.subsidyKey)!.department)).size > 1);
      expect(shared.map((payments) => payments[0].householdNo).sort()).toEqual(householdsOf(['CARD_SHARED_ACROSS_DEPARTMENTS']));
      for (const payments of shared) {
        expect(new Set(payments.map((p) => subsidyByKey.get(p.subsidyKey)!.department))).toEqual(new Set(['AGRI', 'POVERTY']));
        const source = payments.find((p) => subsidyByKey.get(p.subsidyKey)!.department === 'POVERTY')!;
        expect(householdByNo.get(subsidyByKey.get(source.subsidyKey)!.householdNo)!.status).toBe('ASSISTED');
      }
    });

    it('PAID_AFTER_DEATH: the card holder dies in 2024 and the household’s payments continue', () => {
      const holders = records.cards.filter((card) => memberByKey.get(card.holderKey)!.deceasedOn?.startsWith('2024-'));
      expect(holders.map((card) => card.householdNo).sort()).toEqual(householdsOf(['PAID_AFTER_DEATH']));
      for (const plant of planted('PAID_AFTER_DEATH')) {
        const card = cardByHousehold.get(plant.householdNo)!;
        const died = memberByKey.get(card.holderKey)!.deceasedOn!;
        const after = records.payments.filter((p) => p.cardNo === card.cardNo && p.paidOn > died);
        expect(after.length).toBeGreaterThan(0);
        expect(after.map((p) => p.paidOn).sort()[0].slice(0, 7)).toBe(plant.month);
        // Household money only: no personal subsidy of the holder is paid after the death, so the older rules stay quiet.
        expect(after.filter((p) => subsidyByKey.get(p.subsidyKey)!.memberKey !== null)).toEqual([]);
        expect(records.subsidies.filter((s) => s.memberKey === card.holderKey && (s.paidOn ?? s.approvedOn ?? s.startDate) > died)).toEqual([]);
      }
    });

    it('controls: a split payment summing exactly, a payment on the last day of the window; neither quotes a reference', () => {
      const split = [...paymentsOf].filter(([key, payments]) => payments.length >= 2 && payments.every((p) => p.amount !== subsidyByKey.get(key)!.amount));
      expect(split.map(([key]) => key).sort()).toEqual(planted('SPLIT_PAYMENT').map((p) => p.subsidyKey).sort());
      for (const [key, payments] of split) {
        expect(total(payments)).toBe(fen(subsidyByKey.get(key)!.amount));
        expect(payments.filter((p) => p.paymentReference !== null)).toEqual([]);
        expect(new Set(payments.map((p) => p.paidOn.slice(0, 7))).size).toBe(1);
      }
      for (const plant of planted('PAID_INSIDE_WINDOW')) {
        const s = subsidyByKey.get(plant.subsidyKey!)!;
        const [p] = paymentsOf.get(plant.subsidyKey!)!;
        expect(paymentsOf.get(plant.subsidyKey!)).toHaveLength(1);
        expect(p).toMatchObject({ amount: s.amount, paymentReference: null, paidOn: addDays(maxDate(s.approvedOn ?? s.startDate, s.endDate), 90) });
      }
    });
  });

  it('writes a month’s bank file in the layout of the bank-payments mapping, UTF-8 with BOM', () => {
    const mapping = JSON.parse(readFileSync(join(__dirname, '../../src/modules/ingest/file-import/mappings/bank-payments.json'), 'utf8')) as { fields: Record<string, { column: string }> };
    expect(new Set(BANK_FILE_COLUMNS)).toEqual(new Set(Object.values(mapping.fields).map((field) => field.column)));
    const december = bankFilePayments(county, DEMO_BANK_FILE_MONTH);
    expect(december).toEqual(expect.arrayContaining(records.payments.filter((p) => p.paidOn.startsWith(DEMO_BANK_FILE_MONTH))));
    expect(december.length).toBe(records.payments.filter((p) => p.paidOn.startsWith(DEMO_BANK_FILE_MONTH)).length);
    const csv = bankFileCsv(december);
    expect(csv.startsWith('\uFEFF卡号,户名,证件号码,金额,交易日期,摘要,流水号,业务编号\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(december.length + 1);
    const [first] = december;
    expect(lines[1]).toBe([first.cardNo, first.holderName, first.holderIdNumber, first.amount, first.paidOn, first.memo, first.sourceRecordId, first.paymentReference ?? ''].join(','));
    expect(() => bankFilePayments(county, '2023-12')).toThrow('2024-01 to 2024-12');
  });
});
