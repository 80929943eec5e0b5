import type { PrismaClient } from '../../generated/prisma/client';
import type { ApiKey as ApiKeyRow } from '../../generated/prisma/client';
import type { ApiKeyRole } from '../../generated/prisma/enums';
import { isPersonalDataCategory, type Viewer } from './access';
import type { AuditActor } from './audit';
import { checkApiKeySpec, generateSecret, hashSecret, shownPrefix, type ApiKeySpecInput, type SpecProblem } from './api-key-spec';

export type CreatedKey = { key: ApiKeyRow; secret: string } | { problems: SpecProblem[] };

/** `last_used_at` is a hint for administrators; writing it at most once a minute keeps reads cheap. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class ApiKeyService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The viewer a presented secret stands for, or null for unknown, revoked or expired keys. */
  async authenticate(secret: string, now: Date = new Date()): Promise<Viewer | null> {
    // One statement per request: the key and its department's code together.
    const [row] = await this.prisma.$queryRawUnsafe<KeyRow[]>(
      `SELECT k.id, k.name, k.role::text AS role, k.department_id, d.code AS department_code, k.region_code::text AS region_code, k.personal_data,
              k.rate_limit_per_minute, k.expires_at, k.revoked_at, k.last_used_at
         FROM api_key k LEFT JOIN department d ON d.id = k.department_id
        WHERE k.secret_hash = $1`,
      hashSecret(secret),
    );
    if (!row || row.revoked_at !== null || (row.expires_at !== null && new Date(row.expires_at) <= now)) return null;
    if (row.last_used_at === null || now.getTime() - new Date(row.last_used_at).getTime() > LAST_USED_RESOLUTION_MS) {
      await this.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return {
      keyId: Number(row.id),
      name: row.name,
      role: row.role,
      departmentId: row.department_id === null ? null : Number(row.department_id),
      departmentCode: row.department_code,
      regionCode: row.region_code,
      personalData: new Set(row.personal_data.filter(isPersonalDataCategory)),
      rateLimitPerMinute: row.rate_limit_per_minute === null ? null : Number(row.rate_limit_per_minute),
    };
  }

  async create(input: ApiKeySpecInput, actor: AuditActor, secret: string = generateSecret()): Promise<CreatedKey> {
    const [departments, region] = await Promise.all([
      this.prisma.department.findMany({ select: { id: true, code: true } }),
      input.regionCode?.trim() ? this.prisma.region.findMany({ where: { code: { in: regionCandidates(input.regionCode) } }, select: { code: true } }) : [],
    ]);
    const checked = checkApiKeySpec(input, {
      departmentCodes: new Set(departments.map((d) => d.code)),
      regionExists: (code) => region.some((r) => r.code === code),
    });
    if ('problems' in checked) return checked;
    const { spec } = checked;
    const key = await this.prisma.$transaction(async (tx) => {
      const created = await tx.apiKey.create({
        data: {
          name: spec.name,
          role: spec.role,
          departmentId: departments.find((d) => d.code === spec.departmentCode)?.id ?? null,
          regionCode: spec.regionCode,
          personalData: spec.personalData,
          rateLimitPerMinute: spec.rateLimitPerMinute,
          expiresAt: spec.expiresAt,
          prefix: shownPrefix(secret),
          secretHash: hashSecret(secret),
          createdBy: actor.name,
        },
      });
      await tx.auditEntry.create({
        data: {
          action: 'CREATE_API_KEY',
          actor: actor.name,
          apiKeyId: actor.keyId,
          requestId: actor.requestId,
          operation: actor.operation,
          fields: ['name', 'role', 'department', 'regionCode', 'personalData', 'rateLimitPerMinute', 'expiresOn'],
          detail: { keyId: created.id, name: spec.name, role: spec.role, department: spec.departmentCode, regionCode: spec.regionCode, personalData: spec.personalData },
        },
      });
      return created;
    });
    return { key, secret };
  }

  /** Revokes a key at once: the next request that presents it is refused. */
  async revoke(keyId: number, reason: string, actor: AuditActor): Promise<{ key: ApiKeyRow } | { problems: SpecProblem[] }> {
    if (reason.trim().length === 0) return { problems: [{ field: 'reason', code: 'REQUIRED', message: 'say why the key is revoked (e.g. "leaked in a chat")', messageZh: '请填写吊销原因' }] };
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.apiKey.findUnique({ where: { id: keyId } });
      if (!existing) return { problems: [{ field: 'id', code: 'NOT_FOUND', message: `no API key ${keyId}`, messageZh: `密钥 ${keyId} 不存在` }] };
      if (existing.revokedAt !== null) return { problems: [{ field: 'id', code: 'ALREADY_REVOKED', message: `key ${keyId} (${existing.name}) was already revoked on ${existing.revokedAt.toISOString()}`, messageZh: `密钥 ${keyId} 已于 ${existing.revokedAt.toISOString()} 吊销` }] };
      const key = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date(), revokedBy: actor.name, revocationReason: reason.trim() } });
      await tx.auditEntry.create({
        data: { action: 'REVOKE_API_KEY', actor: actor.name, apiKeyId: actor.keyId, requestId: actor.requestId, operation: actor.operation, fields: ['revokedAt'], detail: { keyId, name: existing.name, reason: reason.trim() } },
      });
      return { key };
    });
  }

  list(options: { includeRevoked: boolean; afterId: number | null; take: number }) {
    const where = options.includeRevoked ? {} : { revokedAt: null };
    return Promise.all([
      this.prisma.apiKey.findMany({ where: options.afterId === null ? where : { ...where, id: { gt: options.afterId } }, orderBy: { id: 'asc' }, take: options.take }),
      this.prisma.apiKey.count({ where }),
    ]);
  }

  /** A key by id, or by the first characters of its secret as listings show them. */
  async find(idOrPrefix: string): Promise<ApiKeyRow | null> {
    if (/^\d+$/.test(idOrPrefix)) return this.prisma.apiKey.findUnique({ where: { id: Number(idOrPrefix) } });
    const matches = await this.prisma.apiKey.findMany({ where: { prefix: { startsWith: idOrPrefix } }, take: 2 });
    return matches.length === 1 ? matches[0] : null;
  }
}

/** 6- and 9-digit forms are accepted; the lookup tries the padded code. */
function regionCandidates(raw: string): string[] {
  const value = raw.trim();
  return [value, value.padEnd(12, '0')];
}

interface KeyRow {
  id: number;
  name: string;
  role: ApiKeyRole;
  department_id: number | null;
  department_code: string | null;
  region_code: string | null;
  personal_data: string[];
  rate_limit_per_minute: number | null;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}
