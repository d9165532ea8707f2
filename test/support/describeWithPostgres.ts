import { postgresReachable } from './postgres';

/** `describe` when PostgreSQL answers, else `describe.skip` (with the notice above). */
export function describeWithPostgres(): jest.Describe {
  return postgresReachable() ? describe : describe.skip;
}
