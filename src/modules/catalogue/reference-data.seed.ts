import { utcDay } from '../../domain/dates';
import type { PrismaClient } from '../../generated/prisma/client';
import { seedDefaultRules } from '../findings/default-rules';
import { RECONCILIATION_SETTING_V1 } from '../disbursement/reconciliation-settings';
import {
  ARCHIVE_CATALOGUE_V1,
  ARCHIVE_CHECK_SETTING_V1,
  ARCHIVE_DOCUMENT_TYPES,
  DEPARTMENTS,
  FACT_AUTHORITIES,
  POVERTY_LINES,
  PROGRAMS,
  SUBSIDY_CATEGORIES,
} from './reference-data';

/**
 * Inserts the reference data that is missing; rows an administrator has edited are left alone.
 * Safe to run at every start.
 */
export async function seedReferenceData(prisma: PrismaClient): Promise<void> {
  await prisma.department.createMany({ data: DEPARTMENTS, skipDuplicates: true });
  await prisma.subsidyCategory.createMany({ data: SUBSIDY_CATEGORIES, skipDuplicates: true });
  await prisma.archiveDocumentType.createMany({ data: ARCHIVE_DOCUMENT_TYPES, skipDuplicates: true });
  const departments = await prisma.department.findMany({ select: { id: true, code: true } });
  const departmentId = new Map(departments.map((d) => [d.code, d.id]));
  await prisma.program.createMany({
    data: PROGRAMS.map(({ department, category, ...rest }) => ({
      ...rest,
      departmentId: departmentId.get(department)!,
      categoryCode: category,
    })),
    skipDuplicates: true,
  });
  // Only into an empty table: once an administrator has configured authorities, a start must not add back removed ones.
  if ((await prisma.factAuthority.count()) === 0) {
    await prisma.factAuthority.createMany({
      data: FACT_AUTHORITIES.map((rule) => ({ ...rule, effectiveFrom: utcDay(rule.effectiveFrom) })),
    });
  }
  await seedDefaultRules(prisma);
  await seedArchiveConfiguration(prisma);
}

/** The first catalogue version, the poverty lines, the first check settings and the first reconciliation setting, where none exist yet. */
async function seedArchiveConfiguration(prisma: PrismaClient): Promise<void> {
  await prisma.povertyLine.createMany({ data: POVERTY_LINES, skipDuplicates: true });
  if ((await prisma.archiveCatalogueVersion.count()) === 0) {
    const types = new Map(ARCHIVE_DOCUMENT_TYPES.map((type) => [type.code, type]));
    const { items, effectiveFrom, ...version } = ARCHIVE_CATALOGUE_V1;
    await prisma.archiveCatalogueVersion.create({
      data: {
        ...version,
        effectiveFrom: utcDay(effectiveFrom),
        createdBy: 'hub:reference-data',
        items: {
          create: items.map((item) => ({
            ...item,
            archiveCategory: types.get(item.typeCode)!.archiveCategory,
            bindingOrder: types.get(item.typeCode)!.bindingOrder,
          })),
        },
      },
    });
  }
  if ((await prisma.archiveCheckSetting.count()) === 0) {
    const { effectiveFrom, ...setting } = ARCHIVE_CHECK_SETTING_V1;
    await prisma.archiveCheckSetting.create({ data: { ...setting, effectiveFrom: utcDay(effectiveFrom), createdBy: 'hub:reference-data' } });
  }
  // The reconciliation setting (对账参数) likewise only into an empty table.
  if ((await prisma.reconciliationSetting.count()) === 0) {
    const { effectiveFrom, ...setting } = RECONCILIATION_SETTING_V1;
    await prisma.reconciliationSetting.create({ data: { ...setting, effectiveFrom: utcDay(effectiveFrom) } });
  }
}
