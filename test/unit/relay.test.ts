import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, keysetWindow, MAX_PAGE_SIZE, toPage } from '../../src/graphql/relay/connection';
import { fromGlobalId, integerKey, toGlobalId } from '../../src/graphql/relay/global-id';

describe('global IDs', () => {
  it('round-trip and are opaque', () => {
    const id = toGlobalId('Household', 42);
    expect(id).not.toContain('Household');
    expect(fromGlobalId(id)).toEqual({ typename: 'Household', key: '42' });
    expect(fromGlobalId(toGlobalId('Region', '520524100201'))).toEqual({ typename: 'Region', key: '520524100201' });
  });

  it('refuse IDs the hub did not issue, naming the argument', () => {
    for (const forged of ['not-an-id', Buffer.from('Household').toString('base64url'), '']) {
      expect(() => fromGlobalId(forged, 'ids[1]')).toThrow(/^ids\[1\]: /);
    }
    expect(integerKey('007')).toBeNull();
    expect(integerKey('12')).toBe(12);
    expect(integerKey('2147483648')).toBeNull();
  });
});

describe('connections', () => {
  it('cap the page size at 100 with a BAD_USER_INPUT error naming `first`', () => {
    expect(keysetWindow({ first: MAX_PAGE_SIZE }).take).toBe(MAX_PAGE_SIZE + 1);
    for (const first of [0, -1, MAX_PAGE_SIZE + 1]) {
      try {
        keysetWindow({ first });
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
      }
    }
  });

  it('page by cursor and report whether more follow', () => {
    const rows = [1, 2, 3].map((id) => ({ id }));
    const window = keysetWindow({ first: 2, after: encodeCursor(7) });
    expect(window.afterKey).toBe(7);
    const page = toPage(rows, window, 10, (row) => row.id, (row) => `node${row.id}`);
    expect(page.nodes).toEqual(['node1', 'node2']);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true, endCursor: encodeCursor(2) });
    expect(decodeCursor(page.pageInfo.endCursor!)).toBe(2);
    expect(() => decodeCursor('bogus')).toThrow(/after: /);
    expect(() => decodeCursor(encodeCursor(3_000_000_000))).toThrow(/after: /);
  });
});
