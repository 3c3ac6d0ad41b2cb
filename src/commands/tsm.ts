import { Option, type Command } from 'commander';
import { ExitError, UsageError, type ExitCodeValue } from '../core/errors.js';
import type { GroupPlan } from '../core/tsm/plan.js';
import type { SyncResult } from '../core/tsm/sync.js';
import { formatGold } from '../output/money.js';
import { emitReport, write } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

const REGIONS = ['us', 'eu', 'kr', 'tw'];
const ROOT_OPTION = () =>
  new Option('--root <name>', 'the top-level TSM group holocron owns (it never writes outside it)').env('HOLOCRON_TSM_ROOT').default('Holocron');

interface GroupsFlags {
  region: string;
  root: string;
  realm?: string;
  json?: boolean;
}

interface SyncFlags {
  wowDir: string;
  region: string;
  root: string;
  profile?: string;
  flavour: string;
  dryRun?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const tsm = program.command('tsm').description('TradeSkillMaster groups from the market analysis: preview, sync into TradeSkillMaster.lua').exitOverride();
  tsm
    .command('groups')
    .description('the groups and items the rules in goblin.tsm_group_rule give for a region (nothing is written)')
    .option('--region <region>', 'whose market analysis', 'us')
    .option('--realm <connectedRealmId>', 'prefer this connected realm’s analysis over the region’s')
    .addOption(ROOT_OPTION())
    .option('--json', 'print the plan as JSON: {"root", "region", "groups": [...], "items": [...], "operations": {...}}')
    .action(async (flags: GroupsFlags, cmd: Command) => runGroups(flags, createContext(cmd.optsWithGlobals())));
  tsm
    .command('sync')
    .description("write the groups into every account's TradeSkillMaster.lua (game closed; backed up, verified)")
    .requiredOption('--wow-dir <folder>', 'the World of Warcraft folder')
    .option('--region <region>', 'whose market analysis', 'us')
    .option('--profile <name>', 'the TSM profile to write (default: every profile a character uses)')
    .option('--flavour <list>', `game flavours, comma-separated: retail, classic, classic_era, anniversary, ptr, xptr, beta`, 'retail')
    .addOption(ROOT_OPTION())
    .option('--dry-run', 'print the changes, write nothing')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Only the root group (default "Holocron"), its items and operations named "<root>: …" are written; every',
        'other byte of the file stays. Backups: SavedVariables/.holocron-backups (the last 10). Exit 75 when the',
        'game is running or the file changed meanwhile, 65 when the file does not parse, 78 when the root group',
        'is one of your own (choose another with --root or HOLOCRON_TSM_ROOT).',
      ].join('\n'),
    )
    .action(async (flags: SyncFlags, cmd: Command) => runSync(flags, createContext(cmd.optsWithGlobals())));
}

function region(value: string): string {
  const r = value.toLowerCase();
  if (!REGIONS.includes(r)) throw new UsageError('--region must be us, eu, kr or tw');
  return r;
}

export async function runGroups(flags: GroupsFlags, ctx: CommandContext): Promise<void> {
  const realm = flags.realm === undefined ? undefined : Number(flags.realm);
  if (realm !== undefined && !Number.isInteger(realm)) throw new UsageError('--realm takes a connected realm id (a number)');
  const { planGroups } = await import('../core/tsm/plan.js');
  const plan = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    planGroups(db, { region: region(flags.region), root: flags.root, ...(realm !== undefined && { connectedRealmId: realm }) }),
  );
  await emitReport(ctx.mode, { data: plan, json: (p) => p, plain: groupLines });
}

export function groupLines(plan: GroupPlan): string[] {
  const lines = [`TSM groups for ${plan.region} under "${plan.root}": ${plan.groups.length} groups, ${plan.items.length} items`];
  for (const g of plan.groups) {
    const ops = Object.entries(g.operations).map(([m, names]) => `${m}: ${names!.join(', ')}`).join('; ');
    lines.push(`  ${g.path.split('`').join(' / ')}  ${g.items} item(s)${ops ? `  [${ops}]` : ''}`);
  }
  for (const i of plan.items.slice(0, 20)) {
    lines.push(`    ${i.itemString.padEnd(12)} ${i.path.split('`').slice(1).join(' / ').padEnd(24)} value ${i.marketValue === null ? '-' : formatGold(i.marketValue)}  sold/day ${i.dailySold ?? '-'}${i.profit !== null ? `  profit ${formatGold(i.profit)}` : ''}`);
  }
  if (plan.items.length > 20) lines.push(`    … ${plan.items.length - 20} more (--json lists all)`);
  return lines;
}

export async function runSync(flags: SyncFlags, ctx: CommandContext): Promise<void> {
  const { FLAVOURS } = await import('../core/tsm/find-files.js');
  const flavours = flags.flavour.split(',').map((f) => f.trim().toLowerCase());
  for (const f of flavours) if (!(FLAVOURS as readonly string[]).includes(f)) throw new UsageError(`--flavour: unknown flavour "${f}" (known: ${FLAVOURS.join(', ')})`);
  const { syncTsm } = await import('../core/tsm/sync.js');
  const result = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    syncTsm(
      {
        wowDir: flags.wowDir,
        flavours: flavours as never,
        region: region(flags.region),
        root: flags.root,
        ...(flags.profile !== undefined && { profile: flags.profile }),
        ...(flags.dryRun && { dryRun: true }),
      },
      { db, log: ctx.log, now: () => Date.now() },
    ),
  );
  if (flags.dryRun && ctx.mode !== 'json') {
    for (const f of result.files) if ('diff' in f && f.diff.length > 0) await write(ctx.stdout, `--- ${f.file}\n+++ ${f.file} (after sync)\n${f.diff.join('\n')}\n`);
  }
  await emitReport(ctx.mode, { data: result, json: (r) => r, plain: syncLines });
  if (result.failure) throw new ExitError('exitCode' in result.failure ? (result.failure.exitCode as ExitCodeValue) : 1);
}

export function syncLines(r: SyncResult): string[] {
  const lines = [`TSM sync: "${r.plan.root}" with ${r.plan.groups} groups and ${r.plan.items} items (${r.plan.region})`];
  for (const f of r.files) {
    if ('error' in f) {
      lines.push(`  failed     ${f.file}: ${f.error}`);
      continue;
    }
    const what = f.outcome === 'written' ? 'wrote     ' : f.outcome === 'dry-run' ? 'would write' : 'unchanged ';
    lines.push(`  ${what} ${f.file} (profile ${f.profiles.join(', ')}): ${f.groups} groups, ${f.items} items, ${f.operations} operations${f.backup ? `; backup ${f.backup}` : ''}`);
    if (f.keptInUserGroups.length > 0) lines.push(`             ${f.keptInUserGroups.length} item(s) left in your own groups (e.g. ${f.keptInUserGroups[0]!.itemString} in "${f.keptInUserGroups[0]!.group}")`);
    if (f.wow.running && f.outcome === 'dry-run') lines.push(`             the game is running (${f.wow.detail}): a real sync would be refused`);
    if (f.wow.running === null) lines.push(`             could not check whether the game is running (${f.wow.detail}): make sure it is closed`);
  }
  return lines;
}
