import { canonicalUserId, type User } from './user';
import { InvalidInputError } from './user-errors';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  MAX_PAGE_SIZE,
  type PagePosition,
  type UserFilter,
  type UserPage,
  type UserPageRequest,
} from './user-page';
import type { UserRepository } from './user-repository';

/** Reads of the cache: pages in a stable newest-first order, and batched lookups by id. */
export class UserQueryService {
  constructor(private readonly repository: UserRepository) {}

  async page(request: UserPageRequest): Promise<UserPage> {
    if (!Number.isInteger(request.first) || request.first < 1 || request.first > MAX_PAGE_SIZE) {
      throw new InvalidInputError([{ path: 'first', message: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
    }
    const after = request.after === undefined ? undefined : this.position(request.after);
    const rows = await this.repository.list(request.filter, after, request.first + 1);
    return {
      users: rows.slice(0, request.first).map((user) => ({
        user,
        cursor: encodeCursor({ enrolledAt: user.enrolledAt, userId: user.id }),
      })),
      hasNextPage: rows.length > request.first,
    };
  }

  count(filter: UserFilter): Promise<number> {
    return this.repository.count(filter);
  }

  /** One query for any number of ids, answered in the order asked (null where unknown). */
  async byIds(ids: readonly string[]): Promise<(User | null)[]> {
    const canonical = ids.map(canonicalUserId);
    const users = new Map((await this.repository.findByUserIds(canonical)).map((user) => [user.id, user]));
    return canonical.map((id) => users.get(id) ?? null);
  }

  private position(cursor: string): PagePosition {
    try {
      return decodeCursor(cursor);
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new InvalidInputError([{ path: 'after', message: error.message }]);
      throw error;
    }
  }
}
