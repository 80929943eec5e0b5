-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('ADMIN', 'DEPARTMENT', 'OFFICIAL', 'AUDITOR');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('READ_PERSONAL_DATA', 'INGEST', 'IMPORT_FILE', 'MERGE_IDENTITY_REVIEW', 'DISMISS_IDENTITY_REVIEW', 'CREATE_API_KEY', 'REVOKE_API_KEY');

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "department_id" INTEGER,
    "region_code" CHAR(12),
    "personal_data" TEXT[],
    "prefix" TEXT NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "rate_limit_per_minute" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "revoked_by" TEXT,
    "revocation_reason" TEXT,
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "request_id" TEXT,
    "api_key_id" INTEGER,
    "actor" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "operation" TEXT,
    "household_id" INTEGER,
    "fields" TEXT[],
    "detail" JSONB,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_secret_hash_key" ON "api_key"("secret_hash");

-- CreateIndex
CREATE INDEX "audit_entry_household_id_id_idx" ON "audit_entry"("household_id", "id");

-- CreateIndex
CREATE INDEX "audit_entry_api_key_id_id_idx" ON "audit_entry"("api_key_id", "id");

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_department_id_fkey" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The audit log is append-only: no role the hub connects as may change or remove an entry.
CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entry_append_only
  BEFORE UPDATE OR DELETE ON "audit_entry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();

CREATE TRIGGER audit_entry_no_truncate
  BEFORE TRUNCATE ON "audit_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change();
