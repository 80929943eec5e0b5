import type { HubContext } from '../../graphql/context';
import { chinaToday } from '../../domain/id-number';
import { authorityOn, compareFacts, type DepartmentFacts, type FactValue, type Facts } from './fact-authority';
import { subjectKey } from './ingest.loaders';
import { FactComparison, ReportedValue } from './ingest.type';

export interface ReportedSubject {
  recordType: 'HOUSEHOLD' | 'MEMBER';
  id: number;
  /** The member's household; a household is its own. */
  householdId?: number;
  departmentId: number;
  sourceSystem: string | null;
  sourceRecordId: string;
  createdAt: Date;
  /** The canonical row's facts, which speak for the registering department until it reports. */
  facts: Facts;
}

const asText = (value: FactValue): string | null => (value === null ? null : String(value));

/** Every department's value of each fact of a household or member, and whether they agree. */
export async function reportedFacts(subject: ReportedSubject, ctx: HubContext): Promise<FactComparison[]> {
  const [reports, authority] = await Promise.all([
    ctx.loaders.reportsBySubject.load(subjectKey(subject.recordType, subject.id)),
    ctx.loaders.factAuthorities.load('ALL'),
  ]);
  const departments = await Promise.all(reports.map((report) => ctx.loaders.departmentById.load(report.departmentId)));
  const creator = (await ctx.loaders.departmentById.load(subject.departmentId))!;
  type Source = { departmentId: number; sourceSystem: string | null; sourceRecordId: string; reportedAt: Date };
  const sources = new Map<DepartmentFacts, Source>();
  const facts: DepartmentFacts[] = reports.map((report, k) => {
    const entry = { departmentCode: departments[k]!.code, values: report.values as Facts, creator: report.departmentId === subject.departmentId, reportedAt: report.reportedAt };
    sources.set(entry, report);
    return entry;
  });
  if (!reports.some((report) => report.departmentId === subject.departmentId)) {
    const baseline = { departmentCode: creator.code, values: subject.facts, creator: true, reportedAt: subject.createdAt };
    sources.set(baseline, { ...subject, reportedAt: subject.createdAt });
    facts.push(baseline);
  }
  const rules = authority!.rules
    .filter((rule) => rule.subjectType === subject.recordType)
    .map((rule) => ({ ...rule, effectiveFrom: rule.effectiveFrom.toISOString().slice(0, 10), effectiveTo: rule.effectiveTo?.toISOString().slice(0, 10) ?? null }));
  // The fact and household travel with each value, to mask it by category and audit its reading.
  const householdId = subject.recordType === 'HOUSEHOLD' ? subject.id : subject.householdId;
  return compareFacts(facts, authorityOn(rules, chinaToday())).map((comparison) =>
    Object.assign(new FactComparison(), {
      householdId,
      fact: comparison.fact,
      value: asText(comparison.value),
      authoritativeDepartmentCode: comparison.authoritativeDepartment,
      agrees: comparison.agrees,
      reports: comparison.reports.map((reported) => {
        const source = sources.get(reported.report)!;
        return Object.assign(new ReportedValue(), {
          householdId,
          fact: comparison.fact,
          departmentId: source.departmentId,
          sourceSystem: source.sourceSystem,
          sourceRecordId: source.sourceRecordId,
          reportedAt: source.reportedAt,
          value: asText(reported.value),
          authoritative: reported.authoritative,
        });
      }),
    }),
  );
}
