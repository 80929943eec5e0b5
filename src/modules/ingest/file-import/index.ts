import { existsSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { loadMapping, type ColumnMapping } from './column-mapping';

export * from './table-reader';
export * from './column-mapping';
export * from './progress-bar';

/** The mappings for the county departments' usual sheets; the build copies them next to the JS. */
export const BUILT_IN_MAPPINGS_DIR = join(__dirname, 'mappings');

export function builtInMappingNames(): string[] {
  return readdirSync(BUILT_IN_MAPPINGS_DIR)
    .filter((file) => extname(file) === '.json')
    .map((file) => basename(file, '.json'))
    .sort();
}

/** A bare name such as civil-dibao means the built-in mapping; anything else is a path to a mapping file. */
export function resolveMappingPath(nameOrPath: string): string {
  const bareName = !/[\\/]/.test(nameOrPath) && extname(nameOrPath) === '';
  if (!bareName) return nameOrPath;
  const file = join(BUILT_IN_MAPPINGS_DIR, `${nameOrPath}.json`);
  if (!existsSync(file)) {
    throw new Error(`No built-in column mapping "${nameOrPath}"; the built-in mappings are ${builtInMappingNames().join(', ')} (or give a path to a .json mapping file)`);
  }
  return file;
}

export async function resolveMapping(nameOrPath: string): Promise<ColumnMapping> {
  return loadMapping(resolveMappingPath(nameOrPath));
}
