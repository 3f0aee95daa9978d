import { splitTarget } from '../../src/http/request-target';

describe('splitTarget', () => {
  it.each([
    ['/graphql', '/graphql', ''],
    ['/graphql?', '/graphql', '?'],
    ['/graphql?query=x&y=1', '/graphql', '?query=x&y=1'],
    ['/graphql#a?b', '/graphql', ''],
    ['/graphql?a#b', '/graphql', '?a'],
  ])('reads %s as path %s and query string %s', (target, path, search) => {
    expect(splitTarget(target)).toEqual({ path, search });
  });
});
