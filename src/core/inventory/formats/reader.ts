import type { DataStoreIds } from '../model.js';

/** What a format reader knows besides the file's contents. */
export interface ReaderContext {
  /** Holocron account the file belongs to (its WTF/Account folder or --account). */
  account: string;
  /** Unix seconds to use where the addon records no time: the file's modification time. */
  fileTime: number;
  /** From the account's DataStore.lua, for DataStore module files. */
  dataStoreIds?: DataStoreIds;
}

/**
 * A DataStore module file keyed by numeric ids whose DataStore.lua has not been
 * seen yet. Not bad data: the file is kept and read again once the ids arrive.
 */
export class NeedsDataStoreIds extends Error {
  constructor(readonly globals: string[]) {
    super(`needs DataStore.lua from the same SavedVariables folder to name its characters (${globals.join(', ')})`);
  }
}
