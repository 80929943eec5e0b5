/**
 * npm run bench [-- --only profile|ingest|detect|archive|reconcile] [-- options of the benchmarks]
 *
 * Runs the benchmarks one after the other, each in its own process, with the same arguments:
 * each reads only the options it knows (profile: --households --requests --rounds --concurrency
 * --databases; ingest: --households --records --batch; detect: --households --subsidies;
 * archive: --households --repeat --year --as-of --max-per-cadre; reconcile: --households;
 * all: --no-results).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHMARKS = ['profile', 'ingest', 'detect', 'archive', 'reconcile'];

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',') : BENCHMARKS;
const unknown = only.filter((name) => !BENCHMARKS.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}: use --only ${BENCHMARKS.join(' or ')}`);
  process.exit(2);
}
const passed = onlyAt >= 0 ? [...args.slice(0, onlyAt), ...args.slice(onlyAt + 2)] : args;

for (const name of BENCHMARKS.filter((benchmark) => only.includes(benchmark))) {
  console.log(`\n=== ${name} benchmark ===`);
  const result = spawnSync(process.execPath, [join(__dirname, `${name}.bench.js`), ...passed], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
