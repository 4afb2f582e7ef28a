import { StoreUnavailableError } from '../../errors';

/** SQLite result codes that mean "the store cannot be used right now", not "the caller did something wrong". */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL)/;

export function mapSqliteError(err: unknown): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && UNAVAILABLE.test(code)) {
    return new StoreUnavailableError(`The embedded history store is unavailable (${code})`, { cause: err });
  }
  if (err instanceof TypeError && /database connection is not open/i.test(err.message)) {
    return new StoreUnavailableError('The embedded history store is closed', { cause: err });
  }
  return err;
}
