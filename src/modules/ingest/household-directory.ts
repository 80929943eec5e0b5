import { arrayLiteral } from '../../db/sql-arrays';
import type { Tx } from './keyed-table';
import { reject, type HouseholdReference } from './record-rules';

export interface HouseholdRef {
  id: number;
  householdNo: string;
  regionCode: string;
}

export interface MemberRef {
  id: number;
  householdId: number;
  idNumber: string;
}

/**
 * Finds the household a record belongs to: by household number (following merges), or by the ID
 * number of a member on record. A person on record in several households is never resolved by
 * guessing: the record is refused until the identity review is settled.
 */
export class HouseholdDirectory {
  private readonly byNo = new Map<string, HouseholdRef | null>();
  private readonly byId = new Map<number, HouseholdRef>();
  private readonly membersByIdNumber = new Map<string, MemberRef[]>();

  constructor(private readonly tx: Tx) {}

  async loadHouseholds(householdNos: Iterable<string>): Promise<void> {
    const wanted = [...new Set(householdNos)].filter((no) => !this.byNo.has(no));
    if (wanted.length === 0) return;
    const rows = await this.tx.$queryRawUnsafe<Array<{ household_no: string; id: number; survivor_id: number; survivor_no: string; region_code: string }>>(
      `WITH RECURSIVE chain AS (
         SELECT h.household_no AS asked, h.id, h.household_no, h.region_code, h.merged_into_id, 0 AS depth
           FROM household h WHERE h.household_no = ANY($1::text::text[])
         UNION ALL
         SELECT c.asked, h.id, h.household_no, h.region_code, h.merged_into_id, c.depth + 1
           FROM chain c JOIN household h ON h.id = c.merged_into_id WHERE c.depth < 10)
       SELECT asked AS household_no, id AS survivor_id, household_no AS survivor_no, region_code FROM chain WHERE merged_into_id IS NULL`,
      arrayLiteral(wanted),
    );
    for (const no of wanted) this.byNo.set(no, null);
    for (const row of rows) this.remember(row.household_no, { id: Number(row.survivor_id), householdNo: row.survivor_no, regionCode: row.region_code });
  }

  async loadMembers(idNumbers: Iterable<string>): Promise<void> {
    const wanted = [...new Set(idNumbers)].filter((idNumber) => !this.membersByIdNumber.has(idNumber));
    if (wanted.length === 0) return;
    const rows = await this.tx.$queryRawUnsafe<Array<{ id: number; household_id: number; id_number: string; household_no: string; region_code: string }>>(
      `SELECT m.id, m.household_id, m.id_number, h.household_no, h.region_code FROM member m JOIN household h ON h.id = m.household_id
        WHERE m.id_number = ANY($1::text::bpchar[]) AND m.merged_into_id IS NULL AND h.merged_into_id IS NULL ORDER BY m.id`,
      arrayLiteral(wanted),
    );
    for (const idNumber of wanted) this.membersByIdNumber.set(idNumber, []);
    for (const row of rows) {
      this.membersByIdNumber.get(row.id_number)!.push({ id: Number(row.id), householdId: Number(row.household_id), idNumber: row.id_number });
      this.remember(row.household_no, { id: Number(row.household_id), householdNo: row.household_no, regionCode: row.region_code });
    }
  }

  remember(householdNo: string, household: HouseholdRef): void {
    this.byNo.set(householdNo, household);
    this.byId.set(household.id, household);
  }

  rememberMember(member: MemberRef): void {
    const known = this.membersByIdNumber.get(member.idNumber) ?? [];
    if (!known.some((m) => m.id === member.id)) known.push(member);
    this.membersByIdNumber.set(member.idNumber, known);
  }

  household(householdNo: string): HouseholdRef | null {
    return this.byNo.get(householdNo) ?? null;
  }

  householdById(id: number): HouseholdRef | undefined {
    return this.byId.get(id);
  }

  /** Members with this ID number, optionally only in one household. */
  members(idNumber: string, householdId?: number): MemberRef[] {
    const all = this.membersByIdNumber.get(idNumber) ?? [];
    return householdId === undefined ? all : all.filter((member) => member.householdId === householdId);
  }

  /** Household (and member, where the record names one by ID number) for a record. Throws RecordRejected. */
  resolve(reference: HouseholdReference): { household: HouseholdRef; member: MemberRef | null } {
    const { householdNo, memberIdNumber, memberIdField } = reference;
    let household = householdNo === null ? null : this.household(householdNo);
    if (householdNo !== null && household === null) {
      reject('householdNo', 'UNKNOWN_HOUSEHOLD', `no household with household number (户编号) "${householdNo}"`, `户编号“${householdNo}”不存在`);
    }
    let member: MemberRef | null = null;
    if (memberIdNumber !== null) {
      const candidates = household ? this.members(memberIdNumber, household.id) : this.members(memberIdNumber);
      if (candidates.length === 0) {
        const where = household ? ` in household ${household.householdNo}` : '';
        if (!household) {
          reject(memberIdField, 'UNKNOWN_BENEFICIARY', `no member with ID number ${memberIdNumber} is on record${where}; deliver the member first or give householdNo`, `身份证号 ${memberIdNumber} 未登记为任何贫困户成员；请先报送成员或填写户编号`);
        }
        const elsewhere = this.members(memberIdNumber).map((m) => this.householdById(m.householdId)?.householdNo).filter(Boolean);
        if (elsewhere.length > 0) {
          reject(memberIdField, 'HOUSEHOLD_MISMATCH', `ID number ${memberIdNumber} belongs to household ${elsewhere.join(', ')}, not ${household!.householdNo}`, `身份证号 ${memberIdNumber} 属于 ${elsewhere.join('、')} 户，而非 ${household!.householdNo} 户`);
        }
        reject(memberIdField, 'UNKNOWN_BENEFICIARY', `no member with ID number ${memberIdNumber} is on record${where}`, `${household!.householdNo} 户没有身份证号为 ${memberIdNumber} 的成员`);
      } else if (candidates.length > 1 && new Set(candidates.map((m) => m.householdId)).size > 1) {
        const numbers = candidates.map((m) => this.householdById(m.householdId)?.householdNo ?? String(m.householdId)).join(', ');
        reject(memberIdField, 'AMBIGUOUS_IDENTITY', `ID number ${memberIdNumber} is on record in households ${numbers}; give householdNo or settle the identity review first`, `身份证号 ${memberIdNumber} 同时登记在 ${numbers} 户，请填写户编号或先处理疑似重复`);
      } else {
        member = candidates[0];
        household ??= this.householdById(member.householdId)!;
      }
    }
    return { household: household!, member };
  }
}
