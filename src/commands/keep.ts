import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { KeepRule } from '../core/liquidation/keep-rules.js';
import { formatCount } from '../output/progress-board.js';
import { emitReport } from '../output/report.js';
import { importFile } from './import-file.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface KeepFlags {
  character?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const keep = program
    .command('keep')
    .description('keep rules: how many of an item liquidation leaves alone, on one character or across the account')
    .exitOverride();
  keep
    .command('set <item> <count>')
    .description('keep <count> of an item (id, name or pasted link); replaces an earlier rule for the same item and character')
    .option('--character <Name-Realm>', 'on this character only (default: across the account, left with the biggest holders)')
    .option('--json', 'print the rule as JSON')
    .action(async (item: string, count: string, flags: KeepFlags, cmd: Command) => set(item, count, flags, createContext(cmd.optsWithGlobals())));
  keep
    .command('remove <item>')
    .description('remove the keep rule of an item (of one character with --character)')
    .option('--character <Name-Realm>', "the character's rule instead of the account's")
    .option('--json', 'print the result as JSON')
    .action(async (item: string, flags: KeepFlags, cmd: Command) => remove(item, flags, createContext(cmd.optsWithGlobals())));
  keep
    .command('list')
    .description('every keep rule')
    .option('--json', 'print the rules as JSON')
    .action(async (flags: KeepFlags, cmd: Command) => list(createContext(cmd.optsWithGlobals())));
  keep
    .command('import <file>')
    .description('read rules from CSV: item,count[,character] per line (item by id, name or link); bad lines are reported, the others imported')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, flags: KeepFlags, cmd: Command) => importFile(file, createContext(cmd.optsWithGlobals()), 'rule', async () => (await import('../core/liquidation/keep-rules.js')).importKeepRules));
}

/** An empty --character would silently mean "the whole account". */
function checkCharacter(character: string | undefined): void {
  if (character !== undefined && character.trim() === '') throw new UsageError('--character needs a character, as Name-Realm');
}

async function set(item: string, countText: string, flags: KeepFlags, ctx: CommandContext): Promise<void> {
  const count = wholeNumber(countText, 'count', 0, 2 ** 31 - 1);
  checkCharacter(flags.character);
  const { setKeepRule } = await import('../core/liquidation/keep-rules.js');
  const rule = await withDatabase(ctx, { migrate: true }, ({ db }) => setKeepRule(db, { item, count, character: flags.character }));
  await emitReport(ctx.mode, { data: rule, json: (r) => r, plain: (r) => [`keep ${ruleLine(r)}`] });
}

async function remove(item: string, flags: KeepFlags, ctx: CommandContext): Promise<void> {
  checkCharacter(flags.character);
  const { removeKeepRule } = await import('../core/liquidation/keep-rules.js');
  const result = await withDatabase(ctx, { migrate: true }, ({ db }) => removeKeepRule(db, item, flags.character));
  const what = `${result.item.name ?? `item ${result.item.itemId}`}${result.character ? ` on ${result.character}` : ' (account)'}`;
  await emitReport(ctx.mode, {
    data: result,
    json: (r) => ({ removed: r.removed, itemId: r.item.itemId, petSpeciesId: r.item.petSpeciesId, character: r.character }),
    plain: (r) => [r.removed ? `removed the keep rule for ${what}` : `no keep rule for ${what}: nothing removed`],
  });
}

async function list(ctx: CommandContext): Promise<void> {
  const { listKeepRules } = await import('../core/liquidation/keep-rules.js');
  const rules = await withDatabase(ctx, { migrate: true }, ({ db }) => listKeepRules(db));
  await emitReport(ctx.mode, {
    data: rules,
    json: (r) => r,
    plain: (r) => (r.length === 0 ? ['no keep rules (holocron keep set <item> <count> adds one)'] : r.map(ruleLine)),
  });
}



function ruleLine(r: KeepRule): string {
  const item = r.itemName ? `${r.itemName} (${r.petSpeciesId ? `battlepet:${r.petSpeciesId}` : r.itemId})` : `item ${r.itemId}`;
  return `${formatCount(r.keepCount).padStart(7)}  ${item}  ${r.character ? `on ${r.character}` : 'across the account'}`;
}

