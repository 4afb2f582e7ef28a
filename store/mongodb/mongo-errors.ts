import { MongoError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } from 'mongodb';
import { StoreUnavailableError } from '../../errors';

export function mapMongoError(err: unknown): unknown {
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    (err instanceof MongoError && err.hasErrorLabel('RetryableWriteError'))
  ) {
    return new StoreUnavailableError('MongoDB is unavailable', { cause: err });
  }
  return err;
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoError && err.code === 11000;
}

/** Runs a driver call and turns "MongoDB cannot be reached" into StoreUnavailableError (503 at the webhook). */
export async function withMongoErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapMongoError(err);
  }
}
