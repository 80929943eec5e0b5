import { defineConfig } from 'prisma/config';

// The CLI is used here only for `prisma generate`; migrations are applied by the hub itself
// (src/db/migrate.ts) because the native schema engine cannot be downloaded offline.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
