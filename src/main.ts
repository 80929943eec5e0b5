import 'reflect-metadata';
import { readConfig } from './config';
import { startHub } from './hub';

async function main(): Promise<void> {
  const config = readConfig();
  const log = (message: string) => console.log(`[hub] ${message}`);
  const { db, server } = await startHub(config, log);
  log(`database: ${db.kind} (${db.location})`);
  log(`GraphQL endpoint and IDE: ${server.url}`);
  log(`health check: ${server.url.replace(/\/graphql$/, '/health')}`);
  const shutdown = async () => {
    log('stopping …');
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`[hub] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
