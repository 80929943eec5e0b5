/*
  Warnings:

  - A unique constraint covering the columns `[payment_reference]` on the table `subsidy` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "PaymentMatch" AS ENUM ('REFERENCE', 'EXACT', 'SPLIT', 'AMOUNT_DIFFERS', 'REPEAT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "PolicyRuleKind" ADD VALUE 'NOT_PAID';
ALTER TYPE "PolicyRuleKind" ADD VALUE 'PAID_AMOUNT_MISMATCH';
ALTER TYPE "PolicyRuleKind" ADD VALUE 'PAID_TWICE';
ALTER TYPE "PolicyRuleKind" ADD VALUE 'PAID_TO_OTHER_CARD';
ALTER TYPE "PolicyRuleKind" ADD VALUE 'CARD_SHARED_ACROSS_DEPARTMENTS';
ALTER TYPE "PolicyRuleKind" ADD VALUE 'PAID_AFTER_DEATH_OR_EXIT';

-- AlterEnum
ALTER TYPE "RecordType" ADD VALUE 'BANK_CARD';
ALTER TYPE "RecordType" ADD VALUE 'BANK_PAYMENT';

-- AlterTable
ALTER TABLE "detection_run" ADD COLUMN     "payments_read" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "payments_rematched" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "subsidy" ADD COLUMN     "payment_reference" TEXT;

-- CreateTable
CREATE TABLE "bank_card" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "holder_member_id" INTEGER NOT NULL,
    "bank_name" TEXT NOT NULL,
    "card_no" TEXT NOT NULL,
    "opened_on" DATE,
    "closed_on" DATE,
    "department_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "delivery_id" INTEGER,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bank_card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bank_payment" (
    "id" SERIAL NOT NULL,
    "department_id" INTEGER NOT NULL,
    "card_no" TEXT NOT NULL,
    "holder_name" TEXT NOT NULL,
    "holder_id_number" TEXT,
    "amount" DECIMAL(14,2) NOT NULL,
    "paid_on" DATE NOT NULL,
    "payment_reference" TEXT,
    "memo" TEXT NOT NULL DEFAULT '',
    "household_id" INTEGER,
    "subsidy_id" INTEGER,
    "match" "PaymentMatch",
    "version" INTEGER NOT NULL DEFAULT 1,
    "delivery_id" INTEGER,
    "source_system" TEXT,
    "source_record_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bank_payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bank_coverage_month" (
    "month" DATE NOT NULL,
    "first_delivery_id" INTEGER,

    CONSTRAINT "bank_coverage_month_pkey" PRIMARY KEY ("month")
);

-- CreateTable
CREATE TABLE "finding_payment" (
    "finding_id" INTEGER NOT NULL,
    "payment_id" INTEGER NOT NULL,

    CONSTRAINT "finding_payment_pkey" PRIMARY KEY ("finding_id","payment_id")
);

-- CreateTable
CREATE TABLE "reconciliation_setting" (
    "id" SERIAL NOT NULL,
    "effective_from" DATE NOT NULL,
    "lead_days" INTEGER NOT NULL,
    "window_days" INTEGER NOT NULL,
    "max_split_parts" INTEGER NOT NULL,
    "change_note" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_setting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bank_card_card_no_idx" ON "bank_card"("card_no");

-- CreateIndex
CREATE INDEX "bank_card_household_id_idx" ON "bank_card"("household_id");

-- CreateIndex
CREATE UNIQUE INDEX "bank_card_department_id_source_record_id_key" ON "bank_card"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "bank_payment_household_id_idx" ON "bank_payment"("household_id");

-- CreateIndex
CREATE INDEX "bank_payment_card_no_idx" ON "bank_payment"("card_no");

-- CreateIndex
CREATE INDEX "bank_payment_payment_reference_idx" ON "bank_payment"("payment_reference");

-- CreateIndex
CREATE INDEX "bank_payment_subsidy_id_idx" ON "bank_payment"("subsidy_id");

-- CreateIndex
CREATE INDEX "bank_payment_paid_on_idx" ON "bank_payment"("paid_on");

-- CreateIndex
CREATE UNIQUE INDEX "bank_payment_department_id_source_record_id_key" ON "bank_payment"("department_id", "source_record_id");

-- CreateIndex
CREATE INDEX "finding_payment_payment_id_idx" ON "finding_payment"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_setting_effective_from_key" ON "reconciliation_setting"("effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "subsidy_payment_reference_key" ON "subsidy"("payment_reference");

-- AddForeignKey
ALTER TABLE "bank_card" ADD CONSTRAINT "bank_card_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_card" ADD CONSTRAINT "bank_card_holder_member_id_fkey" FOREIGN KEY ("holder_member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_card" ADD CONSTRAINT "bank_card_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_payment" ADD CONSTRAINT "bank_payment_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_payment" ADD CONSTRAINT "bank_payment_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE SET NULL ON UPDATE CASCADE;
