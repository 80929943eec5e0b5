-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE');

-- CreateEnum
CREATE TYPE "PovertyType" AS ENUM ('GENERAL', 'MINIMUM_ALLOWANCE', 'EXTREME_POVERTY');

-- CreateEnum
CREATE TYPE "HouseholdStatus" AS ENUM ('IDENTIFIED', 'ASSISTED', 'EXITED', 'MONITORED', 'RETURNED_TO_POVERTY', 'REMOVED');

-- CreateEnum
CREATE TYPE "Relation" AS ENUM ('HEAD', 'SPOUSE', 'CHILD', 'CHILD_IN_LAW', 'GRANDCHILD', 'PARENT', 'GRANDPARENT', 'SIBLING', 'OTHER');

-- CreateEnum
CREATE TYPE "HealthCondition" AS ENUM ('HEALTHY', 'CHRONIC_ILLNESS', 'SERIOUS_ILLNESS', 'DISABLED');

-- CreateEnum
CREATE TYPE "LabourAbility" AS ENUM ('ORDINARY', 'SKILLED', 'LOST', 'NONE');

-- CreateEnum
CREATE TYPE "SubsidyState" AS ENUM ('APPLIED', 'APPROVED', 'PAID', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ArchiveCategory" AS ENUM ('POLICY', 'IMPLEMENTATION', 'HOUSEHOLD', 'OUTCOME');

-- CreateEnum
CREATE TYPE "ArchiveMedium" AS ENUM ('PAPER', 'ELECTRONIC');

-- CreateTable
CREATE TABLE "department" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subsidy_category" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,

    CONSTRAINT "subsidy_category_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "program" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "department_id" INTEGER NOT NULL,
    "category_code" TEXT NOT NULL,
    "one_time" BOOLEAN NOT NULL DEFAULT false,
    "personal" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "program_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "region" (
    "code" CHAR(12) NOT NULL,
    "name" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "parent_code" CHAR(12),

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "household" (
    "id" SERIAL NOT NULL,
    "household_no" TEXT NOT NULL,
    "region_code" CHAR(12) NOT NULL,
    "village_group" TEXT,
    "poverty_type" "PovertyType" NOT NULL,
    "status" "HouseholdStatus" NOT NULL,
    "identified_on" DATE,
    "cause_of_poverty" TEXT,
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "id_number" CHAR(18) NOT NULL,
    "name" TEXT NOT NULL,
    "relation" "Relation" NOT NULL,
    "ethnicity" TEXT,
    "education" TEXT,
    "health" "HealthCondition",
    "labour_ability" "LabourAbility",
    "migrant_worker" BOOLEAN NOT NULL DEFAULT false,
    "student" BOOLEAN NOT NULL DEFAULT false,
    "deceased_on" DATE,
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household_status_change" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "from_status" "HouseholdStatus",
    "to_status" "HouseholdStatus" NOT NULL,
    "effective_on" DATE NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "evidence" TEXT,
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "household_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subsidy" (
    "id" SERIAL NOT NULL,
    "department_id" INTEGER NOT NULL,
    "program_id" INTEGER NOT NULL,
    "household_id" INTEGER NOT NULL,
    "member_id" INTEGER,
    "amount" DECIMAL(14,2) NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "year" INTEGER NOT NULL,
    "state" "SubsidyState" NOT NULL,
    "approved_on" DATE,
    "paid_on" DATE,
    "bank_card_no" TEXT,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "subsidy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "archive_document_type" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "medium" "ArchiveMedium" NOT NULL,
    "archive_category" "ArchiveCategory" NOT NULL,
    "binding_order" INTEGER NOT NULL,

    CONSTRAINT "archive_document_type_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "archive_document" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "type_code" TEXT NOT NULL,
    "archive_category" "ArchiveCategory" NOT NULL,
    "uniform_code" TEXT,
    "binding_order" INTEGER,
    "title" TEXT NOT NULL,
    "document_date" DATE,
    "page_count" INTEGER,
    "retention" TEXT,
    "family_size" INTEGER,
    "labour_count" INTEGER,
    "per_capita_income" DECIMAL(14,2),
    "poverty_type" "PovertyType",
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "archive_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cadre" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "organisation" TEXT NOT NULL,
    "phone" TEXT,
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cadre_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pairing" (
    "id" SERIAL NOT NULL,
    "cadre_id" INTEGER NOT NULL,
    "household_id" INTEGER NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pairing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visit" (
    "id" SERIAL NOT NULL,
    "cadre_id" INTEGER NOT NULL,
    "household_id" INTEGER NOT NULL,
    "visited_on" DATE NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "visit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "department_code_key" ON "department"("code");

-- CreateIndex
CREATE UNIQUE INDEX "program_code_key" ON "program"("code");

-- CreateIndex
CREATE INDEX "program_department_id_idx" ON "program"("department_id");

-- CreateIndex
CREATE INDEX "region_parent_code_idx" ON "region"("parent_code");

-- CreateIndex
CREATE UNIQUE INDEX "household_household_no_key" ON "household"("household_no");

-- CreateIndex
CREATE INDEX "household_region_code_status_idx" ON "household"("region_code", "status");

-- CreateIndex
CREATE UNIQUE INDEX "household_department_id_source_record_id_key" ON "household"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "member_household_id_idx" ON "member"("household_id");

-- CreateIndex
CREATE INDEX "member_id_number_idx" ON "member"("id_number");

-- CreateIndex
CREATE UNIQUE INDEX "member_department_id_source_record_id_key" ON "member"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "household_status_change_household_id_effective_on_idx" ON "household_status_change"("household_id", "effective_on");

-- CreateIndex
CREATE UNIQUE INDEX "household_status_change_department_id_source_record_id_key" ON "household_status_change"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "subsidy_household_id_year_idx" ON "subsidy"("household_id", "year");

-- CreateIndex
CREATE INDEX "subsidy_program_id_year_idx" ON "subsidy"("program_id", "year");

-- CreateIndex
CREATE UNIQUE INDEX "subsidy_department_id_source_record_id_key" ON "subsidy"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "archive_document_household_id_idx" ON "archive_document"("household_id");

-- CreateIndex
CREATE UNIQUE INDEX "archive_document_department_id_source_record_id_key" ON "archive_document"("department_id", "source_record_id");

-- CreateIndex
CREATE UNIQUE INDEX "cadre_department_id_source_record_id_key" ON "cadre"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "pairing_household_id_idx" ON "pairing"("household_id");

-- CreateIndex
CREATE UNIQUE INDEX "pairing_department_id_source_record_id_key" ON "pairing"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "visit_household_id_idx" ON "visit"("household_id");

-- CreateIndex
CREATE UNIQUE INDEX "visit_department_id_source_record_id_key" ON "visit"("department_id", "source_record_id");

-- AddForeignKey
ALTER TABLE "program" ADD CONSTRAINT "program_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "program" ADD CONSTRAINT "program_category_code_fkey" FOREIGN KEY ("category_code") REFERENCES "subsidy_category"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household_status_change" ADD CONSTRAINT "household_status_change_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "household_status_change" ADD CONSTRAINT "household_status_change_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subsidy" ADD CONSTRAINT "subsidy_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subsidy" ADD CONSTRAINT "subsidy_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subsidy" ADD CONSTRAINT "subsidy_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subsidy" ADD CONSTRAINT "subsidy_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_document" ADD CONSTRAINT "archive_document_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_document" ADD CONSTRAINT "archive_document_type_code_fkey" FOREIGN KEY ("type_code") REFERENCES "archive_document_type"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "archive_document" ADD CONSTRAINT "archive_document_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cadre" ADD CONSTRAINT "cadre_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pairing" ADD CONSTRAINT "pairing_cadre_id_fkey" FOREIGN KEY ("cadre_id") REFERENCES "cadre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pairing" ADD CONSTRAINT "pairing_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pairing" ADD CONSTRAINT "pairing_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_cadre_id_fkey" FOREIGN KEY ("cadre_id") REFERENCES "cadre"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
