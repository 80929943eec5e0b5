import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { badUserInput } from '../../graphql/errors';
import { keysetWindow, PageArgs, toPage } from '../../graphql/relay/connection';
import { fromGlobalId, integerKey } from '../../graphql/relay/global-id';
import { toNode } from '../../graphql/relay/node';
import { UserError } from '../../graphql/user-error.type';
import { Permission, ROLE_PERMISSIONS } from './access';
import { Access } from './access-control';
import type { SpecProblem } from './api-key-spec';
import {
  ApiKey,
  ApiKeyConnection,
  AuditEntryConnection,
  AuditLogFilter,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  RevokeApiKeyInput,
  RevokeApiKeyPayload,
  ViewerInfo,
} from './api-key.type';

const userErrors = (problems: SpecProblem[]) => problems.map((problem) => Object.assign(new UserError(), { ...problem, field: ['input', problem.field] }));

function keyId(globalId: string, argumentName: string): number {
  const { typename, key } = fromGlobalId(globalId, argumentName);
  const id = typename === 'ApiKey' ? integerKey(key) : null;
  if (id === null) throw badUserInput(argumentName, `"${globalId}" is not the ID of an ApiKey`);
  return id;
}

@Resolver()
export class ApiKeyResolver {
  @Access(Permission.AUTHENTICATED)
  @Query(() => ViewerInfo, { description: 'The key making this request (当前密钥): its role, region, personal-data scopes and rate limit.' })
  viewer(@Ctx() ctx: HubContext): ViewerInfo {
    const { viewer } = ctx;
    return Object.assign(new ViewerInfo(), {
      name: viewer.name,
      role: viewer.role,
      department: viewer.departmentCode,
      regionCode: viewer.regionCode,
      personalData: [...viewer.personalData],
      permissions: [...ROLE_PERMISSIONS[viewer.role]].sort(),
      rateLimitPerMinute: ctx.rateLimitPerMinute,
    });
  }

  @Access(Permission.MANAGE_KEYS)
  @Query(() => ApiKeyConnection, { description: 'API keys (访问密钥), oldest first, in pages of at most 100. Administrators only.' })
  async apiKeys(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg('includeRevoked', { defaultValue: false, description: 'Also list revoked keys.' }) includeRevoked: boolean,
  ) {
    const window = keysetWindow(page);
    const [rows, total] = await ctx.services.apiKeys.list({ includeRevoked, afterId: window.afterKey, take: window.take });
    return toPage(rows, window, total, (row) => row.id, (row) => toNode(ApiKey, row));
  }

  @Access(Permission.MANAGE_KEYS)
  @Mutation(() => CreateApiKeyPayload, { description: 'Create an API key (新建密钥). The secret is in the payload once; the hub stores only its hash.' })
  async createApiKey(@Arg('input', () => CreateApiKeyInput, { description: 'Whose key, which role, region and personal-data scopes.' }) input: CreateApiKeyInput, @Ctx() ctx: HubContext): Promise<CreateApiKeyPayload> {
    const created = await ctx.services.apiKeys.create(input, ctx.actor);
    if ('problems' in created) return { apiKey: null, secret: null, userErrors: userErrors(created.problems) };
    return { apiKey: toNode(ApiKey, created.key), secret: created.secret, userErrors: [] };
  }

  @Access(Permission.MANAGE_KEYS)
  @Mutation(() => RevokeApiKeyPayload, { description: 'Revoke an API key (吊销密钥) at once: the next request presenting it is refused.' })
  async revokeApiKey(@Arg('input', () => RevokeApiKeyInput, { description: 'The key and why.' }) input: RevokeApiKeyInput, @Ctx() ctx: HubContext): Promise<RevokeApiKeyPayload> {
    const revoked = await ctx.services.apiKeys.revoke(keyId(input.id, 'input.id'), input.reason, ctx.actor);
    if ('problems' in revoked) return { apiKey: null, userErrors: userErrors(revoked.problems) };
    return { apiKey: toNode(ApiKey, revoked.key), userErrors: [] };
  }

  @Access(Permission.READ_AUDIT_LOG)
  @Query(() => AuditEntryConnection, { description: 'The audit log (审计日志), newest first, in pages of at most 100: reads of unmasked personal data and every write. Administrators only.' })
  auditLog(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Which entries to list.' }) filter?: AuditLogFilter | null,
  ) {
    return ctx.services.auditLog.list({ ...filter, apiKeyId: filter?.apiKeyId ? keyId(filter.apiKeyId, 'filter.apiKeyId') : null }, page);
  }
}
