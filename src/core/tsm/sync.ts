/**
 * `holocron tsm sync`: one plan from the database, written into every
 * account's TradeSkillMaster.lua under the WoW folder for the flavours asked.
 * A file that fails is reported and the others still synced; the run then
 * exits with the first failure's code.
 */
import { errorMessage, isAppError, UsageError, type AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Database } from '../db/pool.js';
import { findTsmFiles, type Flavour, type TsmFile } from './find-files.js';
import { planGroups, type GroupPlan } from './plan.js';
import { syncFile, type SyncFileDeps, type SyncFileReport } from './sync-file.js';

export interface SyncOptions {
  wowDir: string;
  flavours: Flavour[];
  region: string;
  root?: string;
  profile?: string;
  dryRun?: boolean;
}

export interface SyncResult {
  plan: { root: string; region: string; groups: number; items: number };
  files: Array<(SyncFileReport & { flavour: Flavour; account: string }) | { file: string; flavour: Flavour; account: string; error: string; exitCode: number }>;
  /** The first failure, rethrown by the command after the report is printed. */
  failure: AppError | Error | null;
}

export async function syncTsm(options: SyncOptions, deps: { db: Pick<Database, 'query'>; log: Logger } & SyncFileDeps): Promise<SyncResult> {
  const files = findTsmFiles(options.wowDir, options.flavours);
  if (files.length === 0) {
    throw new UsageError(`no TradeSkillMaster.lua under ${options.wowDir} for ${options.flavours.join(', ')}`, {
      hint: 'Expected <wow>/_retail_/WTF/Account/<ACCOUNT>/SavedVariables/TradeSkillMaster.lua: log in once with TSM enabled, or name other flavours with --flavour.',
    });
  }
  const plan = await planGroups(deps.db, { region: options.region, ...(options.root !== undefined && { root: options.root }) });
  return syncFiles(files, plan, options, deps);
}

export function syncFiles(files: TsmFile[], plan: GroupPlan, options: Pick<SyncOptions, 'profile' | 'dryRun'>, deps: { log: Logger } & SyncFileDeps): SyncResult {
  const result: SyncResult = { plan: { root: plan.root, region: plan.region, groups: plan.groups.length, items: plan.items.length }, files: [], failure: null };
  for (const f of files) {
    try {
      const report = syncFile(f.file, plan, { ...(options.profile !== undefined && { profile: options.profile }), ...(options.dryRun && { dryRun: true }) }, deps);
      result.files.push({ ...report, flavour: f.flavour, account: f.account });
    } catch (error) {
      if (!isAppError(error) || files.length === 1) throw error;
      deps.log.error(`${f.file}: ${errorMessage(error)}${error.hint ? ` — ${error.hint}` : ''}`);
      result.files.push({ file: f.file, flavour: f.flavour, account: f.account, error: errorMessage(error), exitCode: error.exitCode });
      result.failure ??= error;
    }
  }
  return result;
}
