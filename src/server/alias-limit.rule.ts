import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/** Frontends alias a field a few times (a household's members and its head, say); hundreds is a flood. */
export const DEFAULT_MAX_ALIASES = 20;

/**
 * Refuses operations with more than `maxAliases` aliases. Aliases let one small request run the
 * same costly field many times (`a1: households(first: 100) … a500: households(first: 100)`),
 * which neither the depth limit nor a per-request rate limit sees.
 */
export function aliasLimitRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    // A fragment's count does not depend on where it is spread, so it is counted once and
    // multiplied by its spreads: fragments spreading fragments cannot make the count exponential.
    const perFragment = new Map<string, number>();
    const inProgress = new Set<string>();
    const aliasesIn = (selectionSet: SelectionSetNode | undefined): number => {
      let count = 0;
      for (const selection of selectionSet?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          if (selection.alias) count += 1;
          count += aliasesIn(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          count += aliasesIn(selection.selectionSet);
        } else {
          const name = selection.name.value;
          // A fragment cycle (reported by graphql's own rules) adds nothing more.
          if (inProgress.has(name)) continue;
          if (!perFragment.has(name)) {
            inProgress.add(name);
            perFragment.set(name, aliasesIn(fragments.get(name)?.selectionSet));
            inProgress.delete(name);
          }
          count += perFragment.get(name)!;
        }
      }
      return count;
    };
    return {
      OperationDefinition(operation) {
        const aliases = aliasesIn(operation.selectionSet);
        if (aliases > maxAliases) {
          context.reportError(
            new GraphQLError(`${operation.name?.value ?? 'the operation'} uses ${aliases} aliases; the hub answers at most ${maxAliases}`, {
              nodes: [operation],
              extensions: { code: 'TOO_MANY_ALIASES' },
            }),
          );
        }
      },
    };
  };
}
