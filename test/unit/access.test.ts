import { buildSchema, getNamedType, isObjectType } from 'graphql';
import { hubSchema } from '../../src/graphql/schema';
import { narrowRegion, Permission, PERSONAL_DATA_CATEGORIES, ROLE_PERMISSIONS, scopePrefix, seesDeliveriesOf, seesPersonalData, seesRegion } from '../../src/modules/auth/access';
import { applyAccessControl } from '../../src/modules/auth/access-control';
import { bearerKey, checkApiKeySpec, generateSecret, hashSecret, shownPrefix } from '../../src/modules/auth/api-key-spec';
import { categoryOfRecordField, maskBankCard, maskIdNumber, maskIdNumbersInText } from '../../src/modules/auth/personal-data';
import { readConfig } from '../../src/config';
import { testViewer } from '../support/viewers';

describe('region scopes', () => {
  const village = testViewer({ regionCode: '520524100201' });
  const township = testViewer({ regionCode: '520524100000' });
  const hub = testViewer({ regionCode: null });

  it('sees a household by the prefix of its village code', () => {
    expect(scopePrefix(village)).toBe('520524100201');
    expect(scopePrefix(township)).toBe('520524100');
    expect(scopePrefix(hub)).toBe('');
    expect(seesRegion(township, '520524100201')).toBe(true);
    expect(seesRegion(township, '520524200201')).toBe(false);
    expect(seesRegion(village, '520524100202')).toBe(false);
    expect(seesRegion(hub, '110101001001')).toBe(true);
  });

  it('narrows a requested region to the key’s, or says they do not meet', () => {
    expect(narrowRegion(township, null)).toBe('520524100');
    expect(narrowRegion(township, '520524100201')).toBe('520524100201');
    expect(narrowRegion(township, '520524000000')).toBe('520524100');
    expect(narrowRegion(township, '520524200000')).toBeNull();
    expect(narrowRegion(hub, '520524000000')).toBe('520524');
  });

  it('lets a department key see only its own deliveries', () => {
    const department = testViewer({ role: 'DEPARTMENT', departmentId: 3, departmentCode: 'CIVIL' });
    expect(seesDeliveriesOf(department, 3)).toBe(true);
    expect(seesDeliveriesOf(department, 2)).toBe(false);
    expect(seesDeliveriesOf(testViewer({ role: 'AUDITOR' }), 2)).toBe(true);
  });

  it('keeps separation of duties between roles', () => {
    expect(ROLE_PERMISSIONS.ADMIN.has(Permission.INGEST)).toBe(false);
    expect(ROLE_PERMISSIONS.ADMIN.has(Permission.SETTLE_IDENTITY_REVIEWS)).toBe(false);
    expect(ROLE_PERMISSIONS.DEPARTMENT.has(Permission.MANAGE_KEYS)).toBe(false);
    expect([...ROLE_PERMISSIONS.AUDITOR].filter((p) => [Permission.INGEST, Permission.MANAGE_KEYS, Permission.READ_AUDIT_LOG].includes(p))).toEqual([]);
  });
});

describe('personal data', () => {
  it('masks ID numbers to the first 6 and last 4, and bank cards to the last 4', () => {
    expect(maskIdNumber('52052419620304123X')).toBe('520524********123X');
    expect(maskBankCard('6217 0031 4361 6849 492')).toBe('***************9492');
    expect(maskBankCard('123')).toBe('***');
  });

  it('masks ID numbers inside text but leaves other numbers', () => {
    expect(maskIdNumbersInText('ID number 52052419620304123X is on record in households 520524100001 and 520524100002')).toBe(
      'ID number 520524********123X is on record in households 520524100001 and 520524100002',
    );
    expect(maskIdNumbersInText('身份证号 520524620304123 有误')).toBe('身份证号 520524*****4123 有误');
  });

  it('knows the category of each record field departments send', () => {
    expect(['idNumber', 'headIdNumber', 'beneficiaryIdNumber', 'holderIdNumber', 'bankCardNo', 'cardNo', 'health', 'perCapitaIncome', 'incomeComponents', 'incomeComponents.wage', 'name'].map(categoryOfRecordField)).toEqual([
      'ID_NUMBER',
      'ID_NUMBER',
      'ID_NUMBER',
      'ID_NUMBER',
      'BANK_CARD',
      'BANK_CARD',
      'HEALTH',
      'INCOME',
      'INCOME',
      'INCOME',
      null,
    ]);
  });

  it('shows a category to a key with its scope, or to anyone where the hub does not protect it', () => {
    const withIds = testViewer({ personalData: new Set(['ID_NUMBER'] as const) });
    const protectedAll = new Set(PERSONAL_DATA_CATEGORIES);
    expect(seesPersonalData(withIds, 'ID_NUMBER', protectedAll)).toBe(true);
    expect(seesPersonalData(withIds, 'HEALTH', protectedAll)).toBe(false);
    expect(seesPersonalData(withIds, 'HEALTH', new Set(['ID_NUMBER', 'BANK_CARD'] as const))).toBe(true);
  });

  it('always protects ID and bank card numbers, whatever the configuration says', () => {
    expect([...readConfig({ HUB_PROTECTED_PERSONAL_DATA: 'HEALTH' }).protectedPersonalData].sort()).toEqual(['BANK_CARD', 'HEALTH', 'ID_NUMBER']);
    expect(() => readConfig({ HUB_PROTECTED_PERSONAL_DATA: 'SALARY' })).toThrow(/SALARY unknown/);
  });

  /** Fields whose names sound like personal data but hold none: a reference to a document, a configured tolerance. */
  const NAMED_LIKE_PERSONAL_DATA = new Set([
    'StatusChangeEvidence.incomeDocument',
    'ArchiveCheckSetting.incomeTolerance',
    // The household's cards: the card numbers inside are marked (BankCard.bankCardNo), the list is not.
    'Household.bankCards',
  ]);

  it('marks every field of the schema that carries personal data', () => {
    const schema = hubSchema();
    const unmarked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Mutation') continue;
      for (const field of Object.values(type.getFields())) {
        const carries = getNamedType(field.type).name === 'IdNumber' || /bankCard|health|income/i.test(field.name);
        if (carries && !field.extensions?.personalData && !NAMED_LIKE_PERSONAL_DATA.has(`${type.name}.${field.name}`)) unmarked.push(`${type.name}.${field.name}`);
      }
    }
    expect(unmarked).toEqual([]);
  });
});

describe('API keys', () => {
  it('are 32 random bytes behind a prefix, stored as a SHA-256 hash', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^hub_[A-Za-z0-9_-]{43}$/);
    expect(generateSecret()).not.toBe(secret);
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(shownPrefix(secret)).toBe(secret.slice(0, 12));
  });

  it('are read from a Bearer header only', () => {
    expect(bearerKey('Bearer hub_abc')).toBe('hub_abc');
    expect(bearerKey('bearer   hub_abc  ')).toBe('hub_abc');
    expect(bearerKey('Basic hub_abc')).toBeNull();
    expect(bearerKey('Bearer other')).toBeNull();
    expect(bearerKey(undefined)).toBeNull();
  });

  const known = { departmentCodes: new Set(['CIVIL', 'POVERTY']), regionExists: (code: string) => code.startsWith('520524') };

  it('accept a complete request and normalise it', () => {
    const checked = checkApiKeySpec({ name: ' 民政局 ', role: 'department', department: 'civil', regionCode: '520524', personalData: ['id_number', 'ID_NUMBER'], expiresOn: '2030-01-01' }, known, new Date('2026-11-26'));
    expect(checked).toEqual({
      spec: { name: '民政局', role: 'DEPARTMENT', departmentCode: 'CIVIL', regionCode: '520524000000', personalData: ['ID_NUMBER'], rateLimitPerMinute: null, expiresAt: new Date('2029-12-31T16:00:00Z') },
    });
  });

  it('refuse each bad field by name', () => {
    const checked = checkApiKeySpec({ name: '', role: 'KING', department: 'HOUSING', regionCode: '520000000000', personalData: ['SALARY'], rateLimitPerMinute: 1.5, expiresOn: '2026-11-01' }, known, new Date('2026-11-26'));
    expect('problems' in checked && checked.problems.map((problem) => `${problem.field}:${problem.code}`)).toEqual([
      'name:REQUIRED',
      'role:INVALID_VALUE',
      'department:UNKNOWN_DEPARTMENT',
      'regionCode:INVALID_VALUE',
      'personalData:INVALID_VALUE',
      'rateLimitPerMinute:INVALID_VALUE',
      'expiresOn:INVALID_DATE',
    ]);
  });
});

describe('access control on a schema', () => {
  it('refuses to build a schema with a root field that declares no permission', () => {
    const schema = buildSchema('type Query { households: [String] }');
    expect(() => applyAccessControl(schema)).toThrow(/Query.households declares no @Access permission/);
  });
});
