import { PERSONAL_DATA_CATEGORIES, type Viewer } from '../../src/modules/auth/access';

/** A viewer without a stored key, for tests that execute the schema in-process. */
export function testViewer(overrides: Partial<Viewer> = {}): Viewer {
  return {
    keyId: 0,
    name: 'in-process test',
    role: 'OFFICIAL',
    departmentId: null,
    departmentCode: null,
    regionCode: null,
    personalData: new Set(PERSONAL_DATA_CATEGORIES),
    rateLimitPerMinute: null,
    ...overrides,
  };
}
