import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { UserError } from '../../graphql/user-error.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';
import { CreatePolicyRuleInput, RevisePolicyRuleInput } from './policy-rule.input';
import type { SavedRule } from './policy-rule.service';
import { PolicyRuleKind } from '../../generated/prisma/enums';
import { PolicyRule, PolicyRulePayload, PolicyRuleVersion } from './policy-rule.type';

function payload(saved: SavedRule): PolicyRulePayload {
  if ('rule' in saved) return { policyRule: saved.rule, userErrors: [] };
  return { policyRule: null, userErrors: saved.problems.map((problem) => Object.assign(new UserError(), problem)) };
}

@Resolver(() => PolicyRule)
export class PolicyRuleResolver {
  @Access(Permission.READ_REFERENCE)
  @Query(() => [PolicyRule], { description: 'The 多策合一 rules (规则列表) the detector applies, ordered by code. Rules are public policy: any key may read them.' })
  policyRules(
    @Ctx() ctx: HubContext,
    @Arg('kind', () => PolicyRuleKind, { nullable: true, description: 'Only rules of this kind (规则类型).' }) kind?: PolicyRuleKind | null,
    @Arg('activeOn', () => LocalDateScalar, { nullable: true, description: 'Only rules with some version in effect on this day (生效日期), e.g. 2024-06-30.' })
    activeOn?: string | null,
  ): Promise<PolicyRule[]> {
    return ctx.services.policyRules.list({ kind, activeOn });
  }

  @Access(Permission.READ_REFERENCE)
  @Query(() => PolicyRule, { nullable: true, description: 'One rule by its code (规则编码), with every version; null when there is none.' })
  policyRule(@Ctx() ctx: HubContext, @Arg('code', { description: 'Rule code, e.g. `DUP-HOUSING`.' }) code: string): Promise<PolicyRule | null> {
    return ctx.services.policyRules.byCode(code);
  }

  @Access(Permission.MANAGE_RULES)
  @Mutation(() => PolicyRulePayload, {
    description:
      'Create a 多策合一 rule (新建规则) as its version 1; the next detection applies it. Administrators only. ' +
      'Parameters are checked against the catalogue; refusals come back as `userErrors` and save nothing.',
  })
  async createPolicyRule(
    @Ctx() ctx: HubContext,
    @Arg('input', () => CreatePolicyRuleInput, { description: 'The rule: code, kind, name, severity, policy text, parameters and effective period.' }) input: CreatePolicyRuleInput,
  ): Promise<PolicyRulePayload> {
    return payload(await ctx.services.policyRules.create(input));
  }

  @Access(Permission.MANAGE_RULES)
  @Mutation(() => PolicyRulePayload, {
    description:
      'Revise a rule (修订规则): adds a version copying what is not given from the current one; earlier versions and the findings they raised stay as they were. ' +
      'Retire a rule by giving it an `effectiveTo`. Administrators only; refusals come back as `userErrors` and save nothing.',
  })
  async revisePolicyRule(
    @Ctx() ctx: HubContext,
    @Arg('input', () => RevisePolicyRuleInput, { description: 'The rule’s code, the fields that change, and why.' }) input: RevisePolicyRuleInput,
  ): Promise<PolicyRulePayload> {
    return payload(await ctx.services.policyRules.revise(input));
  }
}

@Resolver(() => PolicyRuleVersion)
export class PolicyRuleVersionResolver {
  @FieldResolver(() => PolicyRule, { description: 'The rule this is a version of (所属规则).' })
  async rule(@Root() version: PolicyRuleVersion, @Ctx() ctx: HubContext): Promise<PolicyRule> {
    return (await ctx.loaders.policyRuleById.load(version.ruleId))!;
  }
}
