import type { PrismaClient } from '../../generated/prisma/client';
import { hashSecret } from './api-key-spec';
import { ApiKeyService } from './api-key.service';
import type { ApiKeySpecInput } from './api-key-spec';
import type { AuditActor } from './audit';

/**
 * The embedded demo's keys, one per role. Their secrets are fixed and printed at every start so
 * the README's examples work as written; they exist only in a database the demo county was
 * loaded into, never in a production database.
 */
function demoKeySpecs(countyCode: string, townshipCode: string, villageCode: string): Array<ApiKeySpecInput & { secret: string }> {
  const all = ['ID_NUMBER', 'BANK_CARD', 'HEALTH', 'INCOME'];
  return [
    { secret: 'hub_demo_admin', name: '演示管理员 demo administrator', role: 'ADMIN' },
    { secret: 'hub_demo_poverty', name: '扶贫办系统 demo poverty office system', role: 'DEPARTMENT', department: 'POVERTY', personalData: ['ID_NUMBER'] },
    { secret: 'hub_demo_civil', name: '民政局低保系统 demo civil affairs system', role: 'DEPARTMENT', department: 'CIVIL', personalData: ['ID_NUMBER', 'BANK_CARD'] },
    { secret: 'hub_demo_archive', name: '档案局系统 demo archive bureau system', role: 'DEPARTMENT', department: 'ARCHIVE' },
    { secret: 'hub_demo_agri', name: '农业农村局系统 demo agriculture system', role: 'DEPARTMENT', department: 'AGRI' },
    { secret: 'hub_demo_bank', name: '代发银行系统 demo disbursing bank system', role: 'DEPARTMENT', department: 'BANK', personalData: ['ID_NUMBER', 'BANK_CARD'] },
    { secret: 'hub_demo_county_official', name: '县扶贫办干部 demo county official', role: 'OFFICIAL', regionCode: countyCode, personalData: all },
    { secret: 'hub_demo_township_official', name: '乡镇干部 demo township official', role: 'OFFICIAL', regionCode: townshipCode },
    { secret: 'hub_demo_village_official', name: '驻村干部 demo village official', role: 'OFFICIAL', regionCode: villageCode },
    { secret: 'hub_demo_auditor', name: '县审计局 demo auditor', role: 'AUDITOR', regionCode: countyCode, personalData: ['ID_NUMBER', 'BANK_CARD'] },
  ];
}

/** The demo IDE's headers tab starts with the county official's key, which sees every household. */
export const DEMO_IDE_KEY = 'hub_demo_county_official';

const DEMO_ACTOR: AuditActor = { name: 'demo:load', keyId: null, requestId: null, operation: 'demo keys', writeAction: 'INGEST' };

/** Creates the demo keys that are missing, scoped to the demo county's first village and its township. */
export async function ensureDemoKeys(prisma: PrismaClient): Promise<void> {
  const first = await prisma.household.findFirst({ orderBy: { id: 'asc' }, select: { regionCode: true } });
  if (!first) return;
  const village = first.regionCode;
  const specs = demoKeySpecs(`${village.slice(0, 6)}000000`, `${village.slice(0, 9)}000`, village);
  const existing = new Set((await prisma.apiKey.findMany({ where: { secretHash: { in: specs.map((spec) => hashSecret(spec.secret)) } }, select: { secretHash: true } })).map((key) => key.secretHash));
  const service = new ApiKeyService(prisma);
  for (const { secret, ...spec } of specs) {
    if (existing.has(hashSecret(secret))) continue;
    const created = await service.create(spec, DEMO_ACTOR, secret);
    if ('problems' in created) throw new Error(`demo key ${spec.name}: ${created.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
}

/** The demo keys still valid, as lines to print at start. */
export async function demoKeyLines(prisma: PrismaClient): Promise<string[]> {
  const specs = demoKeySpecs('', '', '');
  const hashes = new Map(specs.map((spec) => [hashSecret(spec.secret), spec.secret]));
  const keys = await prisma.apiKey.findMany({ where: { secretHash: { in: [...hashes.keys()] }, revokedAt: null }, include: { department: true }, orderBy: { id: 'asc' } });
  return keys.map((key) => {
    const scope = [key.department?.code, key.regionCode ? `region ${key.regionCode}` : 'whole hub', key.personalData.length ? `sees ${key.personalData.join('+')}` : 'personal data masked']
      .filter(Boolean)
      .join(', ');
    return `${hashes.get(key.secretHash)!.padEnd(28)} ${key.role.padEnd(10)} ${scope}`;
  });
}
