import type { IngestRecords } from '../../src/modules/ingest/ingest-records';
import type { TestHub } from './hub-client';

export const INGEST = `mutation Ingest($input: IngestInput!) {
  ingest(input: $input) {
    delivery { id status received }
    accepted created updated unchanged
    rejected { recordType index sourceRecordId field code message messageZh }
    userErrors { field code message messageZh }
  }
}`;

export type IngestPayload = {
  delivery: { id: string; status: string; received: number } | null;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: Array<{ recordType: string; index: number; sourceRecordId: string | null; field: string; code: string; message: string; messageZh: string }>;
  userErrors: Array<{ field: string[]; code: string; message: string }>;
};

/** Sends a delivery as the department's own system would, and expects GraphQL to accept the request. */
export async function ingestAs(hub: TestHub, department: string, records: IngestRecords, sourceSystem = 'test-system'): Promise<IngestPayload> {
  const response = await (await hub.asDepartment(department)).send(INGEST, { input: { department, sourceSystem, ...records } });
  expect(response.errors).toBeUndefined();
  return (response.data as { ingest: IngestPayload }).ingest;
}
