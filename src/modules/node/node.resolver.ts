import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { HubContext, Loaders } from '../../graphql/context';
import { badUserInput } from '../../graphql/errors';
import { fromGlobalId, integerKey } from '../../graphql/relay/global-id';
import { MAX_PAGE_SIZE } from '../../graphql/relay/connection';
import { Node } from '../../graphql/relay/node';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';

type NodeFetcher = (loaders: Loaders, key: string) => Promise<Node | null>;

const byIntegerKey =
  (pick: (loaders: Loaders) => { load(id: number): Promise<Node | null> }): NodeFetcher =>
  (loaders, key) => {
    const id = integerKey(key);
    return id === null ? Promise.resolve(null) : pick(loaders).load(id);
  };

/** How each Node type is fetched again from its global ID. */
const NODE_FETCHERS: Record<string, NodeFetcher> = {
  Household: byIntegerKey((l) => l.householdById),
  StatusChange: byIntegerKey((l) => l.statusChangeById),
  Member: byIntegerKey((l) => l.memberById),
  Subsidy: byIntegerKey((l) => l.subsidyById),
  ArchiveDocument: byIntegerKey((l) => l.documentById),
  Cadre: byIntegerKey((l) => l.cadreById),
  Pairing: byIntegerKey((l) => l.pairingById),
  Visit: byIntegerKey((l) => l.visitById),
  Department: byIntegerKey((l) => l.departmentById),
  Program: byIntegerKey((l) => l.programById),
  Delivery: byIntegerKey((l) => l.deliveryById),
  IdentityReview: byIntegerKey((l) => l.identityReviewById),
  Region: (loaders, key) => loaders.regionByCode.load(key),
  ApiKey: byIntegerKey((l) => l.apiKeyById),
  PolicyRule: byIntegerKey((l) => l.policyRuleById),
  PolicyRuleVersion: byIntegerKey((l) => l.policyRuleVersionById),
  Finding: byIntegerKey((l) => l.findingById),
  DetectionRun: byIntegerKey((l) => l.detectionRunById),
  BankCard: byIntegerKey((l) => l.bankCardById),
  BankPayment: byIntegerKey((l) => l.bankPaymentById),
};

async function fetchNode(ctx: HubContext, globalId: string, argumentName: string): Promise<Node | null> {
  const { typename, key } = fromGlobalId(globalId, argumentName);
  const fetcher = NODE_FETCHERS[typename];
  return fetcher ? fetcher(ctx.loaders, key) : null;
}

@Resolver()
export class NodeResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when it no longer exists.' })
  node(@Arg('id', () => ID, { description: 'A global ID returned by the hub.' }) id: string, @Ctx() ctx: HubContext): Promise<Node | null> {
    return fetchNode(ctx, id, 'id');
  }

  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => [Node], { nullable: 'items', description: `Several objects by global ID (at most ${MAX_PAGE_SIZE}), in the order asked; null for any that no longer exists.` })
  nodes(@Arg('ids', () => [ID], { description: 'Global IDs returned by the hub.' }) ids: string[], @Ctx() ctx: HubContext): Promise<(Node | null)[]> {
    if (ids.length > MAX_PAGE_SIZE) throw badUserInput('ids', `at most ${MAX_PAGE_SIZE} IDs per request, got ${ids.length}`);
    return Promise.all(ids.map((id, index) => fetchNode(ctx, id, `ids[${index}]`)));
  }
}
