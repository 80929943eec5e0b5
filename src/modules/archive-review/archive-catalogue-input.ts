import { Decimal } from 'decimal.js';
import { FOUR_LOOKS_ITEMS } from './archive-facts';

/** A refused admin input (输入错误), naming the field. */
export interface CatalogueProblem {
  field: string[];
  code: string;
  message: string;
  messageZh: string;
}

const problem = (field: string[], code: string, message: string, messageZh: string): CatalogueProblem => ({ field, code, message, messageZh });

export function checkRequiredText(value: string, field: string): CatalogueProblem[] {
  return value.trim() === '' ? [problem(['input', field], 'REQUIRED', `${field}: must not be blank`, `${field}：不能为空`)] : [];
}

export function checkPeriod(effectiveFrom: string, effectiveTo: string | null | undefined): CatalogueProblem[] {
  if (!effectiveTo || effectiveTo >= effectiveFrom) return [];
  return [problem(['input', 'effectiveTo'], 'INVALID_PERIOD', `effectiveTo ${effectiveTo} is before effectiveFrom ${effectiveFrom}`, `失效日期 ${effectiveTo} 早于生效日期 ${effectiveFrom}`)];
}

export interface CatalogueItemInputLike {
  typeCode: string;
  maxCopies?: number | null;
  bindingOrder?: number | null;
}

/** Items of a new catalogue version: known type codes (the message lists the valid ones), each once, sensible copies. */
export function checkCatalogueItems(items: readonly CatalogueItemInputLike[], knownCodes: readonly string[]): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  if (items.length === 0) problems.push(problem(['input', 'items'], 'REQUIRED', 'a catalogue version needs at least one item', '目录至少须有一项'));
  const known = new Set(knownCodes);
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const code = item.typeCode.trim().toUpperCase();
    const at = ['input', 'items', String(index)];
    if (!known.has(code)) {
      problems.push(problem([...at, 'typeCode'], 'UNKNOWN_DOCUMENT_TYPE', `unknown document type "${item.typeCode}"; valid codes: ${knownCodes.join(', ')}`, `档案项目代码“${item.typeCode}”不存在；有效代码：${knownCodes.join('、')}`));
    } else if (seen.has(code)) {
      problems.push(problem([...at, 'typeCode'], 'DUPLICATE_ITEM', `${code} is listed twice`, `${code} 重复列出`));
    }
    seen.add(code);
    if (item.maxCopies !== null && item.maxCopies !== undefined && item.maxCopies < 1) {
      problems.push(problem([...at, 'maxCopies'], 'INVALID_VALUE', 'maxCopies must be at least 1, or left out for any number', '份数上限至少为 1，或留空表示不限'));
    }
    if (item.bindingOrder !== null && item.bindingOrder !== undefined && item.bindingOrder < 1) {
      problems.push(problem([...at, 'bindingOrder'], 'INVALID_VALUE', 'bindingOrder must be at least 1', '装订顺序至少为 1'));
    }
  });
  return problems;
}

const WEIGHT = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;
const WEIGHT_NAMES = FOUR_LOOKS_ITEMS;

/** The four weights: each a decimal from 0 to 1 with at most 4 decimals, and together exactly 1. */
export function checkWeights(weights: Record<(typeof WEIGHT_NAMES)[number], string>): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  for (const name of WEIGHT_NAMES) {
    if (!WEIGHT.test(weights[name].trim())) {
      problems.push(problem(['input', 'weights', name], 'INVALID_WEIGHT', `weights.${name} must be a decimal from 0 to 1 with at most 4 decimals, e.g. "0.25"`, `权重 ${name} 须为 0 至 1 之间、至多 4 位小数的数`));
    }
  }
  if (problems.length > 0) return problems;
  const sum = WEIGHT_NAMES.reduce((total, name) => total.plus(weights[name].trim()), new Decimal(0));
  if (!sum.eq(1)) {
    problems.push(problem(['input', 'weights'], 'WEIGHTS_DO_NOT_SUM_TO_ONE', `the four weights sum to ${sum.toFixed(4)}; they must sum to 1`, `四项权重之和为 ${sum.toFixed(4)}，须等于 1`));
  }
  return problems;
}

export function checkNonNegative(value: string | null | undefined, field: string, maxDecimals: number): CatalogueProblem[] {
  if (value === null || value === undefined) return [];
  const pattern = new RegExp(`^\\d{1,10}(\\.\\d{1,${maxDecimals}})?$`);
  return pattern.test(value.trim()) ? [] : [problem(['input', field], 'INVALID_VALUE', `${field} must be a number of at least 0 with at most ${maxDecimals} decimals`, `${field} 须为不小于 0、至多 ${maxDecimals} 位小数的数`)];
}

export function checkPositiveInteger(value: number | null | undefined, field: string): CatalogueProblem[] {
  if (value === null || value === undefined || (Number.isInteger(value) && value >= 1)) return [];
  return [problem(['input', field], 'INVALID_VALUE', `${field} must be a whole number of at least 1`, `${field} 须为不小于 1 的整数`)];
}
