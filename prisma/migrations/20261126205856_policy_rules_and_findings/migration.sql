-- CreateEnum
CREATE TYPE "PolicyRuleKind" AS ENUM ('CATEGORY_OVERLAP', 'MUTUALLY_EXCLUSIVE', 'ONE_TIME', 'ANNUAL_CAP', 'INELIGIBLE_BENEFICIARY');

-- CreateEnum
CREATE TYPE "RuleSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "FindingStatus" AS ENUM ('OPEN', 'CONFIRMED', 'DISMISSED', 'RECOVERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "FindingEventKind" AS ENUM ('RAISED', 'UPDATED', 'REOPENED', 'CLOSED', 'CONFIRMED', 'DISMISSED', 'RECOVERED', 'ASSIGNED', 'COMMENTED');

-- CreateEnum
CREATE TYPE "DetectionTrigger" AS ENUM ('SCAN', 'INGEST');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'WORK_FINDING';
ALTER TYPE "AuditAction" ADD VALUE 'EDIT_POLICY_RULE';
ALTER TYPE "AuditAction" ADD VALUE 'DETECT_FINDINGS';

-- CreateTable
CREATE TABLE "policy_rule" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "kind" "PolicyRuleKind" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_rule_version" (
    "id" SERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "severity" "RuleSeverity" NOT NULL,
    "policy_text" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "change_note" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_rule_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding" (
    "id" SERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "rule_version_id" INTEGER NOT NULL,
    "household_id" INTEGER NOT NULL,
    "group_key" TEXT NOT NULL,
    "status" "FindingStatus" NOT NULL DEFAULT 'OPEN',
    "amount_at_risk" DECIMAL(14,2) NOT NULL,
    "amount_recovered" DECIMAL(14,2),
    "period_start" DATE,
    "period_end" DATE,
    "explanation" TEXT NOT NULL,
    "explanation_en" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "member_ids" INTEGER[],
    "department_ids" INTEGER[],
    "assignee_department_id" INTEGER,
    "raised_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding_subsidy" (
    "finding_id" INTEGER NOT NULL,
    "subsidy_id" INTEGER NOT NULL,

    CONSTRAINT "finding_subsidy_pkey" PRIMARY KEY ("finding_id","subsidy_id")
);

-- CreateTable
CREATE TABLE "finding_event" (
    "id" SERIAL NOT NULL,
    "finding_id" INTEGER NOT NULL,
    "kind" "FindingEventKind" NOT NULL,
    "from_status" "FindingStatus",
    "to_status" "FindingStatus",
    "note" TEXT NOT NULL DEFAULT '',
    "amount" DECIMAL(14,2),
    "department_id" INTEGER,
    "rule_version_id" INTEGER,
    "actor_key_id" INTEGER,
    "actor_name" TEXT NOT NULL,
    "request_id" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "finding_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "detection_run" (
    "id" SERIAL NOT NULL,
    "trigger" "DetectionTrigger" NOT NULL,
    "region_code" TEXT,
    "delivery_id" INTEGER,
    "actor_name" TEXT NOT NULL,
    "households_scanned" INTEGER NOT NULL DEFAULT 0,
    "subsidies_read" INTEGER NOT NULL DEFAULT 0,
    "raised" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "reopened" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "detection_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "policy_rule_code_key" ON "policy_rule"("code");

-- CreateIndex
CREATE UNIQUE INDEX "policy_rule_version_rule_id_version_key" ON "policy_rule_version"("rule_id", "version");

-- CreateIndex
CREATE INDEX "finding_household_id_idx" ON "finding"("household_id");

-- CreateIndex
CREATE INDEX "finding_status_id_idx" ON "finding"("status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "finding_rule_id_household_id_group_key_key" ON "finding"("rule_id", "household_id", "group_key");

-- CreateIndex
CREATE INDEX "finding_subsidy_subsidy_id_idx" ON "finding_subsidy"("subsidy_id");

-- CreateIndex
CREATE INDEX "finding_event_finding_id_id_idx" ON "finding_event"("finding_id", "id");

-- AddForeignKey
ALTER TABLE "policy_rule_version" ADD CONSTRAINT "policy_rule_version_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "policy_rule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "policy_rule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_rule_version_id_fkey" FOREIGN KEY ("rule_version_id") REFERENCES "policy_rule_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
