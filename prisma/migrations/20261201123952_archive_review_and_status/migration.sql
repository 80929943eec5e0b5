-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'CHANGE_HOUSEHOLD_STATUS';
ALTER TYPE "AuditAction" ADD VALUE 'EDIT_ARCHIVE_CATALOGUE';
ALTER TYPE "AuditAction" ADD VALUE 'EDIT_ARCHIVE_SETTING';
ALTER TYPE "AuditAction" ADD VALUE 'ASSESS_ARCHIVES';

-- AlterTable
ALTER TABLE "archive_document" ADD COLUMN     "four_looks_scores" JSONB,
ADD COLUMN     "four_looks_total" DECIMAL(6,2),
ADD COLUMN     "income_components" JSONB;

-- AlterTable
ALTER TABLE "household" ADD COLUMN     "exit_deadline" DATE;

-- AlterTable
ALTER TABLE "household_status_change" ADD COLUMN     "evidence_detail" JSONB,
ADD COLUMN     "recorded_by" TEXT;

-- CreateTable
CREATE TABLE "archive_catalogue_version" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "change_note" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "archive_catalogue_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_catalogue_item" (
    "id" SERIAL NOT NULL,
    "catalogue_version_id" INTEGER NOT NULL,
    "type_code" TEXT NOT NULL,
    "archive_category" "ArchiveCategory" NOT NULL,
    "binding_order" INTEGER NOT NULL,
    "required_for_statuses" "HouseholdStatus"[],
    "required_for_poverty_types" "PovertyType"[],
    "max_copies" INTEGER DEFAULT 1,

    CONSTRAINT "archive_catalogue_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poverty_line" (
    "year" INTEGER NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "poverty_line_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "archive_check_setting" (
    "id" SERIAL NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "house_weight" DECIMAL(5,4) NOT NULL,
    "grain_weight" DECIMAL(5,4) NOT NULL,
    "labour_weight" DECIMAL(5,4) NOT NULL,
    "student_weight" DECIMAL(5,4) NOT NULL,
    "income_tolerance" DECIMAL(14,2) NOT NULL,
    "score_tolerance" DECIMAL(6,2) NOT NULL,
    "visit_interval_days" INTEGER NOT NULL,
    "max_households_per_cadre" INTEGER NOT NULL,
    "change_note" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "archive_check_setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_assessment" (
    "household_id" INTEGER NOT NULL,
    "catalogue_version_id" INTEGER NOT NULL,
    "required_count" INTEGER NOT NULL,
    "present_count" INTEGER NOT NULL,
    "missing_codes" TEXT[],
    "duplicated_codes" TEXT[],
    "completeness" DECIMAL(5,2) NOT NULL,
    "discrepant_facts" TEXT[],
    "assessed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "archive_assessment_pkey" PRIMARY KEY ("household_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "archive_catalogue_version_version_key" ON "archive_catalogue_version"("version");

-- CreateIndex
CREATE UNIQUE INDEX "archive_catalogue_item_catalogue_version_id_type_code_key" ON "archive_catalogue_item"("catalogue_version_id", "type_code");

-- CreateIndex
CREATE UNIQUE INDEX "archive_check_setting_effective_from_key" ON "archive_check_setting"("effective_from");

-- CreateIndex
CREATE INDEX "archive_assessment_completeness_idx" ON "archive_assessment"("completeness");

-- CreateIndex
CREATE INDEX "household_status_change_to_status_effective_on_idx" ON "household_status_change"("to_status", "effective_on");

-- AddForeignKey
ALTER TABLE "archive_catalogue_item" ADD CONSTRAINT "archive_catalogue_item_catalogue_version_id_fkey" FOREIGN KEY ("catalogue_version_id") REFERENCES "archive_catalogue_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_catalogue_item" ADD CONSTRAINT "archive_catalogue_item_type_code_fkey" FOREIGN KEY ("type_code") REFERENCES "archive_document_type"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_assessment" ADD CONSTRAINT "archive_assessment_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A hub seeded before this migration learns that the poverty office is authoritative for the exit
-- deadline; a fresh hub gets it with the rest of the reference data (seeded into an empty table only).
INSERT INTO "fact_authority" ("subject_type", "fact", "department_code", "effective_from")
SELECT 'HOUSEHOLD'::"RecordType", 'exitDeadline', 'POVERTY', DATE '2014-01-01'
WHERE EXISTS (SELECT 1 FROM "fact_authority")
ON CONFLICT DO NOTHING;
