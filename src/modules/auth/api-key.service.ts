import type { PrismaClient } from '../../generated/prisma/client';
import type { ApiKey as ApiKeyRow, Department } from '../../generated/prisma/client';
import { isPersonalDataCategory, type PersonalDataCategory, type Viewer } from './access';
import type { AuditActor } from './audit';
import { checkApiKeySpec, generateSecret, hashSecret, shownPrefix, type ApiKeySpecInput, type SpecProblem } from './api-key-spec';

export type CreatedKey = { key: ApiKeyRow; secret: string } | { problems: SpecProblem[] };

/** `last_used_at` is a hint for administrators; writing it at most once a minute keeps reads cheap. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class ApiKeyService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The viewer a presented secret stands for, or null for unknown, revoked or expired keys. */
  async authenticate(secret: string, now: Date = new Date()): Promise<Viewer | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { secretHash: hashSecret(secret) }, include: { department: true } });
    if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
    if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return viewerOf(row);
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
    if (reason.trim().length === 0) return { problems: [{ field: 'reason', message: 'say why the key is revoked (e.g. "leaked in a chat")', messageZh: '请填写吊销原因' }] };
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.apiKey.findUnique({ where: { id: keyId } });
      if (!existing) return { problems: [{ field: 'id', message: `no API key ${keyId}`, messageZh: `密钥 ${keyId} 不存在` }] };
      if (existing.revokedAt !== null) return { problems: [{ field: 'id', message: `key ${keyId} (${existing.name}) was already revoked on ${existing.revokedAt.toISOString()}`, messageZh: `密钥 ${keyId} 已于 ${existing.revokedAt.toISOString()} 吊销` }] };
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

export function viewerOf(row: ApiKeyRow & { department: Department | null }): Viewer {
  return {
    keyId: row.id,
    name: row.name,
    role: row.role,
    departmentId: row.departmentId,
    departmentCode: row.department?.code ?? null,
    regionCode: row.regionCode,
    personalData: new Set(row.personalData.filter(isPersonalDataCategory) as PersonalDataCategory[]),
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
}
