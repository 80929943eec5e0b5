import { versionInForce } from './detector';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import type { PolicyRuleKind, RuleSeverity } from '../../generated/prisma/enums';
import { loaderByKey } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { appendAuditEntries, type AuditActor } from '../auth/audit';
import type { CreatePolicyRuleInput, ParameterField, RevisePolicyRuleInput, RuleParametersInput } from './policy-rule.input';
import { PARAMETER_FIELDS } from './policy-rule.input';
import { PolicyRule, PolicyRuleVersion } from './policy-rule.type';
import { type CatalogueCodes, checkRuleParameters, type ParameterProblem, type RuleParameters } from './rule-parameters';

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;
type RuleRow = Awaited<ReturnType<PrismaClient['policyRule']['findUniqueOrThrow']>>;
type VersionRow = Awaited<ReturnType<PrismaClient['policyRuleVersion']['findUniqueOrThrow']>>;

export type RuleProblem = ParameterProblem;
export type SavedRule = { rule: PolicyRule } | { problems: RuleProblem[] };

/** The fields a version holds, in comparable form (dates as YYYY-MM-DD). */
export interface VersionFields {
  name: string;
  severity: RuleSeverity;
  policyText: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  parameters: RuleParameters;
}

const CODE_PATTERN = /^[A-Z0-9-]{3,40}$/;
const VERSION_FIELDS = ['name', 'severity', 'policyText', 'parameters', 'effectiveFrom', 'effectiveTo'] as const;

const problem = (field: string[], code: string, message: string, messageZh: string): RuleProblem => ({ field, code, message, messageZh });

/** Rule codes are compared upper-case and without surrounding blanks. */
export function normaliseRuleCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Problems with a new rule's code: its form (3–40 upper-case letters, digits and '-'). */
export function checkRuleCode(code: string): RuleProblem[] {
  if (CODE_PATTERN.test(code)) return [];
  return [
    problem(
      ['input', 'code'],
      'INVALID_CODE',
      `code must be 3 to 40 upper-case letters, digits and hyphens, e.g. "CAP-HOUSING"; got ${JSON.stringify(code)}`,
      `规则编码须为 3 至 40 位大写字母、数字或连字符，例如 "CAP-HOUSING"`,
    ),
  ];
}

/** Problems with a required text (name, policy text, change note): it must not be blank. */
export function checkText(value: string, field: string, what: string, whatZh: string): RuleProblem[] {
  return value.trim() === '' ? [problem(['input', field], 'REQUIRED', `${field}: give the ${what}`, `${field}：请填写${whatZh}`)] : [];
}

/** An effective period must not end before it begins; `blamed` is the input field at fault. */
export function checkPeriod(effectiveFrom: string, effectiveTo: string | null, blamed: 'effectiveFrom' | 'effectiveTo'): RuleProblem[] {
  if (effectiveTo === null || effectiveTo >= effectiveFrom) return [];
  return [
    problem(
      ['input', blamed],
      'INVALID_PERIOD',
      `effectiveTo ${effectiveTo} is before effectiveFrom ${effectiveFrom}: a rule's period must not end before it begins`,
      `失效日期 ${effectiveTo} 早于生效日期 ${effectiveFrom}`,
    ),
  ];
}

/**
 * The one field of a RuleParametersInput for `kind`, checked against the catalogue and in canonical
 * form; problems name the field (input.parameters.annualCap.cap, say).
 */
export function checkParametersInput(kind: PolicyRuleKind, input: RuleParametersInput, catalogue: CatalogueCodes): { parameters: RuleParameters | null; problems: RuleProblem[] } {
  const expected = (Object.keys(PARAMETER_FIELDS) as ParameterField[]).find((field) => PARAMETER_FIELDS[field] === kind)!;
  const given = (Object.keys(PARAMETER_FIELDS) as ParameterField[]).filter((field) => input[field] !== undefined && input[field] !== null);
  if (given.length === 0) {
    return {
      parameters: null,
      problems: [problem(['input', 'parameters', expected], 'REQUIRED', `a ${kind} rule needs its parameters in parameters.${expected}`, `${kind} 规则须在 parameters.${expected} 中填写参数`)],
    };
  }
  const wrong = given.filter((field) => field !== expected);
  if (wrong.length > 0) {
    return {
      parameters: null,
      problems: wrong.map((field) =>
        problem(
          ['input', 'parameters', field],
          'PARAMETERS_KIND_MISMATCH',
          `parameters.${field} is for ${PARAMETER_FIELDS[field]} rules; a ${kind} rule takes parameters.${expected} only`,
          `parameters.${field} 用于 ${PARAMETER_FIELDS[field]} 规则；${kind} 规则只接受 parameters.${expected}`,
        ),
      ),
    };
  }
  return checkRuleParameters(kind, plainParameters(input[expected]!), catalogue, ['input', 'parameters', expected]);
}

/** An input object as the JSON the rule stores: fields given only, amounts as decimal strings. */
function plainParameters(value: object): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    plain[key] = item !== null && typeof item === 'object' && !Array.isArray(item) && 'toFixed' in item ? (item as { toFixed(dp: number): string }).toFixed(2) : item;
  }
  return plain;
}

/** JSON with object keys sorted, so stored parameters compare equal whatever order jsonb keeps them in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Which fields of a proposed version differ from the current one, in a stable order. */
export function changedFields(current: VersionFields, next: VersionFields): string[] {
  return VERSION_FIELDS.filter((field) => (field === 'parameters' ? canonicalJson(current.parameters) !== canonicalJson(next.parameters) : current[field] !== next[field]));
}

const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
const dateColumn = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

function versionFields(row: VersionRow): VersionFields {
  return {
    name: row.name,
    severity: row.severity,
    policyText: row.policyText,
    effectiveFrom: isoDate(row.effectiveFrom),
    effectiveTo: row.effectiveTo === null ? null : isoDate(row.effectiveTo),
    parameters: row.parameters as unknown as RuleParameters,
  };
}

export function toPolicyRuleVersion(row: VersionRow, kind: PolicyRuleKind): PolicyRuleVersion {
  const { parameters, ...rest } = row;
  return toNode(PolicyRuleVersion, { ...rest, kind, storedParameters: parameters });
}

export function toPolicyRule(row: RuleRow & { versions: VersionRow[] }): PolicyRule {
  const { versions, ...rest } = row;
  const versionList = [...versions].sort((a, b) => b.version - a.version).map((version) => toPolicyRuleVersion(version, row.kind));
  return toNode(PolicyRule, { ...rest, versionList });
}

const WITH_VERSIONS = { versions: { orderBy: { version: 'desc' } } } as const;

/** Rules and versions by row id, for node(id:) and for findings naming the version that raised them. */
export function policyRuleLoaders(prisma: PrismaClient) {
  return {
    policyRuleById: loaderByKey(
      async (ids: number[]) => (await prisma.policyRule.findMany({ where: { id: { in: ids } }, include: WITH_VERSIONS })).map(toPolicyRule),
      (rule) => rule.id,
    ),
    policyRuleVersionById: loaderByKey(
      async (ids: number[]) =>
        (await prisma.policyRuleVersion.findMany({ where: { id: { in: ids } }, include: { rule: { select: { kind: true } } } })).map(({ rule, ...row }) => toPolicyRuleVersion(row, rule.kind)),
      (version) => version.id,
    ),
  };
}

async function catalogueCodes(db: Db): Promise<CatalogueCodes> {
  const [departments, categories, programs] = await Promise.all([
    db.department.findMany({ select: { code: true } }),
    db.subsidyCategory.findMany({ select: { code: true } }),
    db.program.findMany({ select: { code: true } }),
  ]);
  return {
    departments: new Set(departments.map((row) => row.code)),
    categories: new Set(categories.map((row) => row.code)),
    programs: new Set(programs.map((row) => row.code)),
  };
}

const duplicateCode = (code: string): RuleProblem =>
  problem(['input', 'code'], 'DUPLICATE_CODE', `a rule with code ${code} already exists; revise it with revisePolicyRule instead`, `规则编码 ${code} 已存在，请用 revisePolicyRule 修订`);

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * The 多策合一 rules as data: listed and read by anyone, created and revised by an administrator.
 * A revision adds a version and never touches an earlier one; each save writes an audit entry in
 * the same transaction.
 */
export class PolicyRuleService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: AuditActor,
  ) {}

  /** Every rule ordered by code; `activeOn` keeps rules in force that day (see versionInForce). */
  async list(filter: { kind?: PolicyRuleKind | null; activeOn?: string | null } = {}): Promise<PolicyRule[]> {
    const day = filter.activeOn ? dateColumn(filter.activeOn) : null;
    const rows = await this.prisma.policyRule.findMany({
      where: filter.kind ? { kind: filter.kind } : {},
      include: WITH_VERSIONS,
      orderBy: { code: 'asc' },
    });
    const iso = (date: Date | null) => date && date.toISOString().slice(0, 10);
    const inForce = (row: (typeof rows)[number]) =>
      day === null || versionInForce(row.versions.map((v) => ({ version: v.version, effectiveFrom: iso(v.effectiveFrom)!, effectiveTo: iso(v.effectiveTo) })), iso(day)!) !== null;
    return rows.filter(inForce).map(toPolicyRule);
  }

  async byCode(code: string, db: Db = this.prisma): Promise<PolicyRule | null> {
    const row = await db.policyRule.findUnique({ where: { code: normaliseRuleCode(code) }, include: WITH_VERSIONS });
    return row ? toPolicyRule(row) : null;
  }

  async create(input: CreatePolicyRuleInput): Promise<SavedRule> {
    const code = normaliseRuleCode(input.code);
    const fields = {
      name: input.name.trim(),
      severity: input.severity,
      policyText: input.policyText.trim(),
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo ?? null,
    };
    const changeNote = input.changeNote?.trim() ?? '';
    const problems = [
      ...checkRuleCode(code),
      ...checkText(fields.name, 'name', 'name of the rule', '规则名称'),
      ...checkText(fields.policyText, 'policyText', 'policy text the rule enforces', '政策依据'),
      ...checkPeriod(fields.effectiveFrom, fields.effectiveTo, 'effectiveTo'),
    ];
    const checked = checkParametersInput(input.kind, input.parameters, await catalogueCodes(this.prisma));
    problems.push(...checked.problems);
    if (problems.length === 0 && (await this.prisma.policyRule.findUnique({ where: { code }, select: { id: true } }))) problems.push(duplicateCode(code));
    if (problems.length > 0) return { problems };

    try {
      const rule = await this.prisma.$transaction(async (tx) => {
        const created = await tx.policyRule.create({
          data: {
            code,
            kind: input.kind,
            versions: {
              create: {
                version: 1,
                ...fields,
                effectiveFrom: dateColumn(fields.effectiveFrom),
                effectiveTo: fields.effectiveTo === null ? null : dateColumn(fields.effectiveTo),
                parameters: checked.parameters as object,
                changeNote,
                createdBy: this.actor.name,
              },
            },
          },
          include: WITH_VERSIONS,
        });
        await this.audit(tx, [...VERSION_FIELDS, 'code', 'kind'], { code, kind: input.kind, version: 1, changeNote });
        return created;
      });
      return { rule: toPolicyRule(rule) };
    } catch (error) {
      if (isUniqueViolation(error)) return { problems: [duplicateCode(code)] };
      throw error;
    }
  }

  async revise(input: RevisePolicyRuleInput): Promise<SavedRule> {
    const code = normaliseRuleCode(input.code);
    const changeNote = input.changeNote.trim();
    const early = [
      ...checkText(changeNote, 'changeNote', 'reason for the revision', '修订说明'),
      ...(input.name != null ? checkText(input.name, 'name', 'name of the rule', '规则名称') : []),
      ...(input.policyText != null ? checkText(input.policyText, 'policyText', 'policy text the rule enforces', '政策依据') : []),
    ];
    const catalogue = input.parameters ? await catalogueCodes(this.prisma) : null;

    return this.prisma.$transaction(async (tx): Promise<SavedRule> => {
      // One revision of a rule at a time: the next version number is read under the lock.
      const [locked] = await tx.$queryRawUnsafe<Array<{ id: number }>>('SELECT id FROM policy_rule WHERE code = $1 FOR UPDATE', code);
      if (!locked) {
        return { problems: [problem(['input', 'code'], 'NOT_FOUND', `no rule with code ${code}; list them with policyRules`, `规则编码 ${code} 不存在`)] };
      }
      const rule = await tx.policyRule.findUniqueOrThrow({ where: { id: Number(locked.id) }, include: { versions: { orderBy: { version: 'desc' }, take: 1 } } });
      const currentRow = rule.versions[0];
      const current = versionFields(currentRow);
      const problems = [...early];
      let parameters = current.parameters;
      if (input.parameters && catalogue) {
        const checked = checkParametersInput(rule.kind, input.parameters, catalogue);
        problems.push(...checked.problems);
        if (checked.parameters) parameters = checked.parameters;
      }
      const next: VersionFields = {
        name: input.name?.trim() || current.name,
        severity: input.severity ?? current.severity,
        policyText: input.policyText?.trim() || current.policyText,
        effectiveFrom: input.effectiveFrom ?? current.effectiveFrom,
        effectiveTo: input.effectiveTo === undefined ? current.effectiveTo : input.effectiveTo,
        parameters,
      };
      problems.push(...checkPeriod(next.effectiveFrom, next.effectiveTo, input.effectiveTo === undefined ? 'effectiveFrom' : 'effectiveTo'));
      if (problems.length > 0) return { problems };

      const changed = changedFields(current, next);
      if (changed.length === 0) {
        return {
          problems: [
            problem(['input'], 'NO_CHANGE', `the revision is identical to version ${currentRow.version} of ${code}: change at least one field`, `修订内容与 ${code} 第 ${currentRow.version} 版相同，未作任何修改`),
          ],
        };
      }
      const version = currentRow.version + 1;
      await tx.policyRuleVersion.create({
        data: {
          ruleId: rule.id,
          version,
          name: next.name,
          severity: next.severity,
          policyText: next.policyText,
          effectiveFrom: dateColumn(next.effectiveFrom),
          effectiveTo: next.effectiveTo === null ? null : dateColumn(next.effectiveTo),
          parameters: next.parameters as object,
          changeNote,
          createdBy: this.actor.name,
        },
      });
      await this.audit(tx, changed, { code, version, changed, changeNote });
      return { rule: (await this.byCode(code, tx))! };
    });
  }

  private audit(tx: Tx, fields: readonly string[], detail: Record<string, unknown>): Promise<void> {
    return appendAuditEntries(tx, this.actor, 'EDIT_POLICY_RULE', new Map([[null, new Set(fields)]]), detail);
  }
}
