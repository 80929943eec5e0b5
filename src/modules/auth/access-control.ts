import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { badUserInput, forbidden } from '../../graphql/errors';
import { fromGlobalId } from '../../graphql/relay/global-id';
import type { HubContext, Loaders } from '../../graphql/context';
import { can, narrowRegion, Permission, regionRestricted, seesDeliveriesOf, seesPersonalData, seesRegion, type PersonalDataCategory, type Viewer } from './access';
import { categoryOfRecordField, maskBankCard, maskIdNumber, maskIdNumbersInText, maskText } from './personal-data';

/** The permission a root query or mutation needs; a root field without one makes the schema fail to build. */
export const Access = (permission: Permission) => Extensions({ access: permission });

/**
 * Marks a field as personal data: a category; `RECORD_FIELD` for values whose category follows the
 * record field they belong to (revisions, reported facts); `ID_NUMBERS_IN_TEXT` for free text
 * that may quote ID numbers (explanations, rejection reasons).
 */
export type PersonalDataMark = PersonalDataCategory | 'RECORD_FIELD' | 'ID_NUMBERS_IN_TEXT';
export const PersonalData = (mark: PersonalDataMark) => Extensions({ personalData: mark });

type Source = Record<string, unknown>;
type Visibility = (source: Source, ctx: HubContext) => boolean | Promise<boolean>;

async function seesHousehold(ctx: HubContext, householdId: unknown): Promise<boolean> {
  if (!regionRestricted(ctx.viewer)) return true;
  const household = typeof householdId === 'number' ? await ctx.loaders.householdById.load(householdId) : null;
  return household !== null && seesRegion(ctx.viewer, household.regionCode);
}

const householdOwned: Visibility = (source, ctx) => seesHousehold(ctx, source.householdId);

/** For each guarded type: whether the viewer may see an object, and whether the viewer is restricted for it at all. */
const GUARDED_TYPES: Record<string, { visible: Visibility; restricted: (viewer: Viewer) => boolean }> = {
  Household: { visible: (source, ctx) => seesRegion(ctx.viewer, source.regionCode as string), restricted: regionRestricted },
  Member: { visible: householdOwned, restricted: regionRestricted },
  Subsidy: { visible: householdOwned, restricted: regionRestricted },
  ArchiveDocument: { visible: householdOwned, restricted: regionRestricted },
  Pairing: { visible: householdOwned, restricted: regionRestricted },
  Visit: { visible: householdOwned, restricted: regionRestricted },
  StatusChange: { visible: householdOwned, restricted: regionRestricted },
  Finding: { visible: householdOwned, restricted: regionRestricted },
  BankCard: { visible: householdOwned, restricted: regionRestricted },
  // Credited to a household of the region, or matched to a subsidy of one; a payment tied to neither only whole-hub keys see.
  BankPayment: {
    visible: async (source, ctx) =>
      (await seesHousehold(ctx, source.householdId)) ||
      (typeof source.subsidyId === 'number' && (await seesHousehold(ctx, (await ctx.loaders.subsidyById.load(source.subsidyId))?.householdId))),
    restricted: regionRestricted,
  },
  // A scan names its region; a run for a delivery (no region) only whole-hub keys see.
  DetectionRun: { visible: (source, ctx) => !regionRestricted(ctx.viewer) || (typeof source.regionCode === 'string' && seesRegion(ctx.viewer, source.regionCode)), restricted: regionRestricted },
  IdentityEvidence: { visible: (source, ctx) => seesHousehold(ctx, source.householdKey), restricted: regionRestricted },
  IdentityReview: {
    visible: async (source, ctx) => (await Promise.all((source.householdIds as number[]).map((id) => seesHousehold(ctx, id)))).every(Boolean),
    restricted: regionRestricted,
  },
  Delivery: {
    visible: (source, ctx) => can(ctx.viewer, Permission.READ_DELIVERIES) && seesDeliveriesOf(ctx.viewer, source.departmentId as number),
    restricted: (viewer) => viewer.role === 'DEPARTMENT' || !can(viewer, Permission.READ_DELIVERIES),
  },
  ApiKey: { visible: (_source, ctx) => can(ctx.viewer, Permission.MANAGE_KEYS), restricted: (viewer) => !can(viewer, Permission.MANAGE_KEYS) },
};

/** The one refusal for "not yours" and "not there": the two must be indistinguishable. */
export function notVisible(typename: string): GraphQLError {
  return new GraphQLError(`no ${typename} visible to your key matches: it does not exist, or lies outside your key's region or department`, {
    extensions: { code: 'FORBIDDEN' },
  });
}

function typenameOf(value: Source, fallback: string): string {
  return (value.constructor as { typename?: string } | undefined)?.typename ?? fallback;
}

/** The type a root field was asked for, where the arguments tell: node(id), nodes(ids). */
function askedTypename(args: Record<string, unknown>, index: number | null, fallback: string): string {
  const id = index === null ? args.id : (args.ids as unknown[] | undefined)?.[index];
  if (typeof id !== 'string') return fallback;
  try {
    return fromGlobalId(id, 'id').typename;
  } catch {
    return fallback;
  }
}

/**
 * In a list of nullable items (nodes) a hidden object becomes an error at its position; in a list
 * of non-null items it is left out, since one error there would null the whole answer (an ingest
 * payload, say, whose delivery did happen).
 */
function guardResolver(
  resolve: GraphQLFieldResolver<unknown, HubContext>,
  returnTypeName: string,
  abstract: boolean,
  root: boolean,
  dropHiddenItems: boolean,
): GraphQLFieldResolver<unknown, HubContext> {
  return async (source, args, ctx, info) => {
    const result = await resolve(source, args, ctx, info);
    const check = async (value: unknown, index: number | null): Promise<unknown> => {
      if (value === null || value === undefined) {
        if (!root) return value;
        const asked = abstract ? askedTypename(args, index, returnTypeName) : returnTypeName;
        const guard = GUARDED_TYPES[asked];
        if (guard?.restricted(ctx.viewer)) return notVisible(asked);
        return value;
      }
      const typename = abstract ? typenameOf(value as Source, returnTypeName) : returnTypeName;
      const guard = GUARDED_TYPES[typename];
      if (!guard || (await guard.visible(value as Source, ctx))) return value;
      return notVisible(typename);
    };
    if (Array.isArray(result)) {
      const checked = await Promise.all(result.map((item, index) => check(item, index)));
      return dropHiddenItems ? checked.filter((item) => !(item instanceof GraphQLError)) : checked;
    }
    const checked = await check(result, null);
    if (checked instanceof GraphQLError) throw checked;
    return checked;
  };
}

function permissionResolver(resolve: GraphQLFieldResolver<unknown, HubContext>, permission: Permission, fieldName: string): GraphQLFieldResolver<unknown, HubContext> {
  return (source, args, ctx, info) => {
    if (!can(ctx.viewer, permission)) {
      throw forbidden(`${fieldName} needs the ${permission} permission, which a ${ctx.viewer.role} key does not have`);
    }
    return resolve(source, args, ctx, info);
  };
}

function nonNullItems(type: GraphQLOutputType): boolean {
  const list = isNonNullType(type) ? type.ofType : type;
  return isListType(list) && isNonNullType(list.ofType);
}

/** Household ids a personal-data value belongs to, for the audit log. */
function householdsOf(source: Source): number[] {
  if (typeof source.householdId === 'number') return [source.householdId];
  if (typeof source.householdKey === 'number') return [source.householdKey];
  if (Array.isArray(source.householdIds)) return source.householdIds as number[];
  return [];
}

function personalDataResolver(resolve: GraphQLFieldResolver<unknown, HubContext>, mark: PersonalDataMark, fieldPath: string): GraphQLFieldResolver<unknown, HubContext> {
  const reveal = (value: unknown, source: Source, ctx: HubContext, category: PersonalDataCategory, masked: () => unknown): unknown => {
    if (!seesPersonalData(ctx.viewer, category, ctx.protectedPersonalData)) return masked();
    if (ctx.protectedPersonalData.has(category)) ctx.personalDataReads.note(householdsOf(source), fieldPath);
    return value;
  };
  return async (source, args, ctx, info) => {
    const value = await resolve(source, args, ctx, info);
    if (value === null || value === undefined) return value;
    const parent = source as Source;
    if (mark === 'ID_NUMBERS_IN_TEXT') {
      const text = String(value);
      const masked = maskIdNumbersInText(text);
      return masked === text ? text : reveal(text, parent, ctx, 'ID_NUMBER', () => masked);
    }
    if (mark === 'RECORD_FIELD') {
      const category = categoryOfRecordField(String(parent.field ?? parent.fact ?? ''));
      const text = String(value);
      if (category === null) return text;
      return reveal(text, parent, ctx, category, () => maskText(category, text));
    }
    switch (mark) {
      case 'ID_NUMBER':
        return reveal(value, parent, ctx, mark, () => maskIdNumber(String(value)));
      case 'BANK_CARD':
        return reveal(value, parent, ctx, mark, () => maskBankCard(String(value)));
      default:
        return reveal(value, parent, ctx, mark, () => null);
    }
  };
}

/**
 * Enforces who may see what on every path through the schema, not only at the roots: each root
 * field checks its permission; every field returning a household-owned object, a delivery or a
 * key checks that object against the caller's region and department; personal data is masked
 * or its reading noted for the audit log. Resolvers stay unaware of it.
 */
export function applyAccessControl(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = roots.has(type);
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, HubContext>[]) {
      let resolve = field.resolve ?? (defaultFieldResolver as GraphQLFieldResolver<unknown, HubContext>);
      const returned = getNamedType(field.type);
      const abstract = isAbstractType(returned);
      if (abstract || returned.name in GUARDED_TYPES) resolve = guardResolver(resolve, returned.name, abstract, root, nonNullItems(field.type));
      const mark = field.extensions?.personalData as PersonalDataMark | undefined;
      if (mark) resolve = personalDataResolver(resolve, mark, `${type.name}.${field.name}`);
      if (root) {
        const permission = field.extensions?.access as Permission | undefined;
        if (!permission) throw new Error(`${type.name}.${field.name} declares no @Access permission: every root field must say who may use it`);
        resolve = permissionResolver(resolve, permission, field.name);
      }
      field.resolve = resolve;
    }
  }
  return schema;
}

/** The region prefix a list may cover: the requested region narrowed to the key's; outside it is refused. */
export function regionWithinScope(viewer: Viewer, requested: string | null | undefined, argumentName: string): string {
  const prefix = narrowRegion(viewer, requested);
  if (prefix === null) throw forbidden(`${argumentName}: region ${requested} lies outside your key's region ${viewer.regionCode}`);
  return prefix;
}

/** As regionWithinScope, for a region that must be registered: an unknown code is refused (BAD_USER_INPUT) first. */
export async function registeredRegionWithinScope(viewer: Viewer, loaders: Pick<Loaders, 'regionByCode'>, requested: string | null | undefined, argumentName: string): Promise<string> {
  if (requested && !(await loaders.regionByCode.load(requested))) throw badUserInput(argumentName, `no region with code ${requested} is registered`);
  return regionWithinScope(viewer, requested, argumentName);
}
