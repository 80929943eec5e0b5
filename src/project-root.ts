import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout the hub runs from: the nearest folder above this file holding prisma/schema.prisma (works from src/ and dist/src/). */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'prisma', 'schema.prisma'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find prisma/schema.prisma above ${from}`);
    dir = parent;
  }
  return dir;
}
