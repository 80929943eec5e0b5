-- CreateEnum
CREATE TYPE "RecordType" AS ENUM ('HOUSEHOLD', 'MEMBER', 'SUBSIDY', 'DOCUMENT');

-- CreateEnum
CREATE TYPE "DeliveryChannel" AS ENUM ('GRAPHQL', 'FILE');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('RUNNING', 'COMPLETED', 'REFUSED');

-- CreateEnum
CREATE TYPE "IdentityReviewKind" AS ENUM ('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', 'SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', 'SAME_HEAD_NAME_IN_VILLAGE');

-- CreateEnum
CREATE TYPE "IdentityReviewStatus" AS ENUM ('OPEN', 'MERGED', 'DISMISSED');

-- AlterTable
ALTER TABLE "archive_document" ADD COLUMN     "delivery_id" INTEGER,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "household" ADD COLUMN     "merged_into_id" INTEGER,
ADD COLUMN     "minimum_allowance" BOOLEAN;

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "merged_into_id" INTEGER;

-- AlterTable
ALTER TABLE "subsidy" ADD COLUMN     "delivery_id" INTEGER,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "delivery" (
    "id" SERIAL NOT NULL,
    "department_id" INTEGER NOT NULL,
    "source_system" TEXT,
    "channel" "DeliveryChannel" NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'RUNNING',
    "file_name" TEXT,
    "file_sha256" TEXT,
    "mapping" TEXT,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "received" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_rejection" (
    "id" SERIAL NOT NULL,
    "delivery_id" INTEGER NOT NULL,
    "record_type" "RecordType" NOT NULL,
    "index" INTEGER NOT NULL,
    "row_number" INTEGER,
    "source_record_id" TEXT,
    "field" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "message_zh" TEXT NOT NULL,

    CONSTRAINT "delivery_rejection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department_report" (
    "id" SERIAL NOT NULL,
    "department_id" INTEGER NOT NULL,
    "record_type" "RecordType" NOT NULL,
    "source_record_id" TEXT NOT NULL,
    "source_system" TEXT,
    "subject_id" INTEGER NOT NULL,
    "values" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "delivery_id" INTEGER,
    "reported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "department_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_revision" (
    "id" SERIAL NOT NULL,
    "department_id" INTEGER NOT NULL,
    "record_type" "RecordType" NOT NULL,
    "source_record_id" TEXT NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "delivery_id" INTEGER,
    "changes" JSONB NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "record_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fact_authority" (
    "id" SERIAL NOT NULL,
    "subject_type" "RecordType" NOT NULL,
    "fact" TEXT NOT NULL,
    "department_code" TEXT NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,

    CONSTRAINT "fact_authority_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "identity_review" (
    "id" SERIAL NOT NULL,
    "kind" "IdentityReviewKind" NOT NULL,
    "status" "IdentityReviewStatus" NOT NULL DEFAULT 'OPEN',
    "subject_key" TEXT NOT NULL,
    "region_code" CHAR(12) NOT NULL,
    "household_ids" INTEGER[],
    "member_ids" INTEGER[],
    "evidence" JSONB NOT NULL,
    "raised_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "raised_by_delivery_id" INTEGER,
    "resolved_at" TIMESTAMP(3),
    "resolved_by" TEXT,
    "resolution_reason" TEXT,
    "survivor_household_id" INTEGER,
    "survivor_member_id" INTEGER,

    CONSTRAINT "identity_review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_department_id_started_at_idx" ON "delivery"("department_id", "started_at");

-- CreateIndex
CREATE INDEX "delivery_file_sha256_idx" ON "delivery"("file_sha256");

-- CreateIndex
CREATE INDEX "delivery_rejection_delivery_id_id_idx" ON "delivery_rejection"("delivery_id", "id");

-- CreateIndex
CREATE INDEX "department_report_record_type_subject_id_idx" ON "department_report"("record_type", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "department_report_department_id_record_type_source_record_i_key" ON "department_report"("department_id", "record_type", "source_record_id");

-- CreateIndex
CREATE INDEX "record_revision_department_id_record_type_source_record_id_idx" ON "record_revision"("department_id", "record_type", "source_record_id");

-- CreateIndex
CREATE INDEX "record_revision_record_type_subject_id_idx" ON "record_revision"("record_type", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "fact_authority_subject_type_fact_effective_from_key" ON "fact_authority"("subject_type", "fact", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "identity_review_subject_key_key" ON "identity_review"("subject_key");

-- CreateIndex
CREATE INDEX "identity_review_status_region_code_idx" ON "identity_review"("status", "region_code");

-- CreateIndex
CREATE INDEX "identity_review_household_ids_idx" ON "identity_review" USING GIN ("household_ids");

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_rejection" ADD CONSTRAINT "delivery_rejection_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_report" ADD CONSTRAINT "department_report_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
