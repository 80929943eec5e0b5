/**
 * A household's status over time (贫困户状态变更) as officials change it, without a database: the
 * allowed moves as data, the evidence each target status needs, and every problem with a request.
 *
 *   IDENTIFIED ──▶ ASSISTED ──▶ EXITED ──▶ MONITORED ──▶ EXITED (监测结束、消除风险)
 *                     ▲           │  ▲        │
 *                     │           ▼  │        ▼
 *                     └──── RETURNED_TO_POVERTY
 *   and IDENTIFIED, ASSISTED, EXITED ──▶ REMOVED (清退, with a reason)
 *
 * REMOVED is final: 清退 says the household should never have been on the register (识别不精准,
 * 财政供养人员, a car, a town flat). A removed household that later falls into poverty is identified
 * anew by the poverty office's delivery, so the old register entry's history stays what it was.
 * IDENTIFIED is only ever the first status, set by identification itself (a delivery).
 *
 * Delivered history (ingest) is a record of what happened and is not checked against this machine.
 */
import { Decimal } from 'decimal.js';
import { monthsBefore } from '../../domain/dates';
import { HouseholdStatus } from '../../generated/prisma/enums';

export const STATUS_TRANSITIONS: Readonly<Record<HouseholdStatus, readonly HouseholdStatus[]>> = {
  IDENTIFIED: [HouseholdStatus.ASSISTED, HouseholdStatus.REMOVED],
  ASSISTED: [HouseholdStatus.EXITED, HouseholdStatus.REMOVED],
  EXITED: [HouseholdStatus.MONITORED, HouseholdStatus.RETURNED_TO_POVERTY, HouseholdStatus.REMOVED],
  MONITORED: [HouseholdStatus.EXITED, HouseholdStatus.RETURNED_TO_POVERTY],
  RETURNED_TO_POVERTY: [HouseholdStatus.ASSISTED, HouseholdStatus.EXITED],
  REMOVED: [],
};

/** Target statuses that need a reason (原因). */
export const REASON_REQUIRED: ReadonlySet<HouseholdStatus> = new Set([HouseholdStatus.REMOVED, HouseholdStatus.RETURNED_TO_POVERTY]);

/** Archive items an exit rests on: the exit assessment scoring sheet, and the forms that state income. */
export const EXIT_ASSESSMENT_TYPE = 'P11';
export const INCOME_DOCUMENT_TYPES: readonly string[] = ['P04', 'P11'];
/** How far back before the exit date the assessment and the income statement may be dated. */
export const EVIDENCE_WINDOW_MONTHS = 12;

/** 两不愁三保障, in the order the policy names them. */
export const GUARANTEES = ['food', 'clothing', 'education', 'medicalCare', 'housing'] as const;
export type Guarantee = (typeof GUARANTEES)[number];
export type Guarantees = Record<Guarantee, boolean>;

const GUARANTEE_TEXT: Record<Guarantee, { en: string; zh: string }> = {
  food: { en: 'enough food (no worry about food)', zh: '不愁吃' },
  clothing: { en: 'enough clothing (no worry about clothing)', zh: '不愁穿' },
  education: { en: 'compulsory education guaranteed', zh: '义务教育有保障' },
  medicalCare: { en: 'basic medical care guaranteed', zh: '基本医疗有保障' },
  housing: { en: 'safe housing guaranteed', zh: '住房安全有保障' },
};

export const STATUS_ZH: Record<HouseholdStatus, string> = {
  IDENTIFIED: '识别',
  ASSISTED: '帮扶中',
  EXITED: '已脱贫',
  MONITORED: '监测',
  RETURNED_TO_POVERTY: '返贫',
  REMOVED: '清退',
};

/** An archive document as the checks see it; dates as YYYY-MM-DD, income as a decimal string. */
export interface EvidenceDocumentFacts {
  id: number;
  typeCode: string;
  title: string;
  uniformCode: string | null;
  documentDate: string | null;
  perCapitaIncome: string | null;
}

/** The household as it stands when the change is checked. */
export interface HouseholdStatusFacts {
  status: HouseholdStatus;
  /** Effective date of its latest status change; null when it has none on record. */
  lastChangeOn: string | null;
  /** The documents the checks may use: the ones named in the request, or the whole archive when none are. */
  documents: readonly EvidenceDocumentFacts[];
  /** Whether `documents` is limited to those the request named (changes the wording of refusals). */
  documentsNamed: boolean;
  /** Poverty line by year, yuan per person, decimal strings. */
  povertyLines: ReadonlyMap<number, string>;
  /** Today in China, YYYY-MM-DD. */
  today: string;
}

export interface StatusChangeRequest {
  toStatus: HouseholdStatus;
  effectiveOn: string;
  actor: string | null | undefined;
  reason: string | null | undefined;
  guarantees: Partial<Record<Guarantee, boolean | null>> | null | undefined;
}

/** One thing wrong or missing: the input path (below `input`), a stable code, English and Chinese. */
export interface StatusProblem {
  field: string[];
  code: string;
  message: string;
  messageZh: string;
}

export interface EvidenceDocumentRef {
  id: number;
  typeCode: string;
  title: string;
  uniformCode: string | null;
  documentDate: string | null;
}

/** What an accepted change rested on; kept as the change's `evidence_detail`. */
export interface StatusEvidence {
  fromStatus: HouseholdStatus;
  toStatus: HouseholdStatus;
  effectiveOn: string;
  /** Every document the request named, whether a check used it or not. */
  documents: EvidenceDocumentRef[];
  exit: {
    assessment: EvidenceDocumentRef;
    income: { perCapitaIncome: string; document: EvidenceDocumentRef };
    povertyLine: { year: number; amount: string };
    guarantees: Guarantees;
    /** The window the documents had to be dated in, inclusive. */
    window: { from: string; to: string };
  } | null;
}

export interface AcceptedChange {
  actor: string;
  reason: string;
  /** A one-line summary for the `evidence` text column; income amounts stay in the structured detail. */
  summary: string | null;
  evidence: StatusEvidence;
}

export type StatusCheck = { accepted: AcceptedChange } | { problems: StatusProblem[] };

const ref = (document: EvidenceDocumentFacts): EvidenceDocumentRef => ({
  id: document.id,
  typeCode: document.typeCode,
  title: document.title,
  uniformCode: document.uniformCode,
  documentDate: document.documentDate,
});

const describe = (document: EvidenceDocumentFacts) => `${document.typeCode} "${document.title}" of ${document.documentDate}`;

/** Most recent first; on one day the exit assessment before the income sheet, then the later record. */
function mostRecent(documents: EvidenceDocumentFacts[]): EvidenceDocumentFacts | null {
  const sorted = [...documents].sort(
    (a, b) => b.documentDate!.localeCompare(a.documentDate!) || Number(b.typeCode === EXIT_ASSESSMENT_TYPE) - Number(a.typeCode === EXIT_ASSESSMENT_TYPE) || b.id - a.id,
  );
  return sorted[0] ?? null;
}

export function transitionAllowed(from: HouseholdStatus, to: HouseholdStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

function transitionProblem(from: HouseholdStatus, to: HouseholdStatus): StatusProblem | null {
  if (transitionAllowed(from, to)) return null;
  if (from === to) {
    return { field: ['toStatus'], code: 'STATUS_UNCHANGED', message: `the household is already ${to}`, messageZh: `该户已是“${STATUS_ZH[to]}”状态` };
  }
  const allowed = STATUS_TRANSITIONS[from];
  if (allowed.length === 0) {
    return {
      field: ['toStatus'],
      code: 'TRANSITION_NOT_ALLOWED',
      message: `a ${from} household cannot change status: removal (清退) is final; a household that is poor again is identified anew`,
      messageZh: `“${STATUS_ZH[from]}”户不能再变更状态：清退为终态，如再次致贫须重新识别`,
    };
  }
  return {
    field: ['toStatus'],
    code: 'TRANSITION_NOT_ALLOWED',
    message: `a ${from} household cannot become ${to}: from ${from} it can only become ${allowed.join(' or ')}`,
    messageZh: `“${STATUS_ZH[from]}”户不能变更为“${STATUS_ZH[to]}”，只能变更为“${allowed.map((s) => STATUS_ZH[s]).join('”或“')}”`,
  };
}

function dateProblems(facts: HouseholdStatusFacts, effectiveOn: string): StatusProblem[] {
  const problems: StatusProblem[] = [];
  if (effectiveOn > facts.today) {
    problems.push({
      field: ['effectiveOn'],
      code: 'EFFECTIVE_DATE_IN_FUTURE',
      message: `the effective date ${effectiveOn} is in the future (today is ${facts.today} in China): record a change once it has taken effect`,
      messageZh: `生效日期 ${effectiveOn} 晚于今天（${facts.today}），状态变更须在生效后登记`,
    });
  }
  if (facts.lastChangeOn !== null && effectiveOn < facts.lastChangeOn) {
    problems.push({
      field: ['effectiveOn'],
      code: 'EFFECTIVE_DATE_BEFORE_LAST_CHANGE',
      message: `the effective date ${effectiveOn} is before the household's last status change, effective ${facts.lastChangeOn}`,
      messageZh: `生效日期 ${effectiveOn} 早于该户上一次状态变更的生效日期 ${facts.lastChangeOn}`,
    });
  }
  return problems;
}

type ExitCheck = { evidence: NonNullable<StatusEvidence['exit']> } | { problems: StatusProblem[] };

/** (a) the exit assessment, (b) income above the line of the exit year, (c) 两不愁三保障: every problem, not the first. */
function exitEvidence(facts: HouseholdStatusFacts, request: StatusChangeRequest): ExitCheck {
  const exitOn = request.effectiveOn;
  const from = monthsBefore(exitOn, EVIDENCE_WINDOW_MONTHS);
  const inWindow = facts.documents.filter((document) => document.documentDate !== null && document.documentDate >= from && document.documentDate <= exitOn);
  const where = facts.documentsNamed ? 'among the documents named in evidenceDocumentIds' : "in the household's archive";
  const whereZh = facts.documentsNamed ? '所列佐证材料中' : '该户档案中';
  const problems: StatusProblem[] = [];

  const assessment = mostRecent(inWindow.filter((document) => document.typeCode === EXIT_ASSESSMENT_TYPE));
  if (!assessment) {
    const outside = facts.documents.filter((document) => document.typeCode === EXIT_ASSESSMENT_TYPE);
    const seen = outside.length === 0 ? '' : ` (${outside.map(describe).join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside that window)`;
    problems.push({
      field: ['evidenceDocumentIds'],
      code: 'EXIT_ASSESSMENT_MISSING',
      message: `an exit needs an exit assessment scoring sheet (P11 脱贫评估评分表) ${where}, dated from ${from} to the exit date ${exitOn}${seen}`,
      messageZh: `脱贫退出须有${whereZh}日期在 ${from} 至退出日期 ${exitOn} 之间的脱贫评估评分表（P11）`,
    });
  }

  const incomeDocument = mostRecent(inWindow.filter((document) => INCOME_DOCUMENT_TYPES.includes(document.typeCode) && document.perCapitaIncome !== null));
  const year = Number(exitOn.slice(0, 4));
  const line = facts.povertyLines.get(year) ?? null;
  if (line === null) {
    problems.push({
      field: ['effectiveOn'],
      code: 'POVERTY_LINE_MISSING',
      message: `no poverty line is configured for ${year}: an administrator must add the poverty line for ${year} before an exit in that year can be checked`,
      messageZh: `${year} 年贫困线未配置，须由管理员先添加 ${year} 年贫困标准，方可核验该年度的脱贫退出`,
    });
  }
  if (!incomeDocument) {
    problems.push({
      field: ['evidenceDocumentIds'],
      code: 'INCOME_EVIDENCE_MISSING',
      message: `an exit needs a per-capita disposable income stated ${where} by an income accounting sheet (P04 人均可支配收入核算表) or an exit assessment (P11), dated from ${from} to ${exitOn}`,
      messageZh: `脱贫退出须有${whereZh}日期在 ${from} 至 ${exitOn} 之间、载明人均可支配收入的收入核算表（P04）或脱贫评估评分表（P11）`,
    });
  } else if (line !== null && !new Decimal(incomeDocument.perCapitaIncome!).gt(line)) {
    // The amount stays out of the message: income is personal data, masked for keys without INCOME.
    problems.push({
      field: ['evidenceDocumentIds'],
      code: 'INCOME_NOT_ABOVE_POVERTY_LINE',
      message: `the per-capita disposable income stated in ${describe(incomeDocument)} is not above the ${year} poverty line of ${line} yuan`,
      messageZh: `${incomeDocument.typeCode}（${incomeDocument.documentDate}）所载人均可支配收入未超过 ${year} 年贫困线 ${line} 元`,
    });
  }

  const guarantees = request.guarantees ?? {};
  for (const guarantee of GUARANTEES) {
    if (guarantees[guarantee] === true) continue;
    const { en, zh } = GUARANTEE_TEXT[guarantee];
    problems.push({
      field: ['guarantees', guarantee],
      code: 'GUARANTEE_NOT_CONFIRMED',
      message: `an exit needs "${en}" confirmed (两不愁三保障: ${zh})`,
      messageZh: `脱贫退出须确认“${zh}”（两不愁三保障）`,
    });
  }

  if (problems.length > 0) return { problems };
  return {
    evidence: {
      assessment: ref(assessment!),
      income: { perCapitaIncome: new Decimal(incomeDocument!.perCapitaIncome!).toFixed(2), document: ref(incomeDocument!) },
      povertyLine: { year, amount: line! },
      guarantees: { food: true, clothing: true, education: true, medicalCare: true, housing: true },
      window: { from, to: exitOn },
    },
  };
}

/**
 * Checks a requested change against the household as it stands: the move, the date, who decided,
 * the reason and the evidence its target needs. Either the accepted evidence, or every problem.
 */
export function checkStatusChange(facts: HouseholdStatusFacts, request: StatusChangeRequest): StatusCheck {
  const problems: StatusProblem[] = [];
  const transition = transitionProblem(facts.status, request.toStatus);
  if (transition) problems.push(transition);
  problems.push(...dateProblems(facts, request.effectiveOn));

  const actor = (request.actor ?? '').trim();
  if (actor === '') {
    problems.push({ field: ['actor'], code: 'ACTOR_REQUIRED', message: 'say who decided the change, e.g. 城关镇人民政府', messageZh: '须注明决定单位或人员，如“城关镇人民政府”' });
  }
  const reason = (request.reason ?? '').trim();
  if (reason === '' && REASON_REQUIRED.has(request.toStatus)) {
    problems.push(
      request.toStatus === HouseholdStatus.REMOVED
        ? { field: ['reason'], code: 'REASON_REQUIRED', message: 'a removal (清退) needs a reason, e.g. 家庭成员有财政供养人员', messageZh: '清退须说明原因，如“家庭成员有财政供养人员”' }
        : { field: ['reason'], code: 'REASON_REQUIRED', message: 'a return to poverty (返贫) needs a reason, e.g. 因病返贫', messageZh: '返贫须说明原因，如“因病返贫”' },
    );
  }

  const exit = request.toStatus === HouseholdStatus.EXITED ? exitEvidence(facts, request) : null;
  if (exit && 'problems' in exit) problems.push(...exit.problems);
  if (problems.length > 0) return { problems };

  const exitDetail = exit && 'evidence' in exit ? exit.evidence : null;
  const evidence: StatusEvidence = {
    fromStatus: facts.status,
    toStatus: request.toStatus,
    effectiveOn: request.effectiveOn,
    documents: facts.documentsNamed ? facts.documents.map(ref) : [],
    exit: exitDetail,
  };
  return { accepted: { actor, reason: reason !== '' ? reason : defaultReason(evidence), summary: summary(evidence), evidence } };
}

function defaultReason(evidence: StatusEvidence): string {
  if (evidence.exit) {
    return `人均可支配收入高于 ${evidence.exit.povertyLine.year} 年贫困线 ${evidence.exit.povertyLine.amount} 元，两不愁三保障已核实`;
  }
  return `${STATUS_ZH[evidence.fromStatus]} → ${STATUS_ZH[evidence.toStatus]}`;
}

function summary(evidence: StatusEvidence): string | null {
  const parts: string[] = [];
  const { exit } = evidence;
  if (exit) {
    parts.push(`脱贫评估评分表 ${exit.assessment.uniformCode ?? exit.assessment.title}（${exit.assessment.documentDate}）`);
    parts.push(`收入依据 ${exit.income.document.typeCode} ${exit.income.document.uniformCode ?? exit.income.document.title}（${exit.income.document.documentDate}），高于 ${exit.povertyLine.year} 年贫困线 ${exit.povertyLine.amount} 元`);
    parts.push('两不愁三保障已确认');
  }
  const others = evidence.documents.filter((document) => document.id !== exit?.assessment.id && document.id !== exit?.income.document.id);
  if (others.length > 0) parts.push(`佐证材料 ${others.map((document) => document.uniformCode ?? document.title).join('、')}`);
  return parts.length === 0 ? null : parts.join('；');
}
