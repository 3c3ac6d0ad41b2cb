import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { needLine, needsLines } from '../output/consumables-format.js';
import { emitReport } from '../output/report.js';
import { importFile } from './import-file.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface ConsumablesFlags {
  json?: boolean;
}

export function register(program: Command): void {
  const consumables = program
    .command('consumables')
    .description("what each raider must carry: requirements, what they are short of and who holds the rest (holocron restock moves it)")
    .exitOverride();
  consumables
    .command('set <character> <item> <count>')
    .description('the character (Name-Realm) must carry <count> of an item (id, name or pasted link); replaces an earlier count')
    .option('--json', 'print the requirement and how it stands as JSON')
    .action(async (character: string, item: string, count: string, _flags: ConsumablesFlags, cmd: Command) => set(character, item, count, createContext(cmd.optsWithGlobals())));
  consumables
    .command('list [character]')
    .description("every requirement (or one character's): held, short, and who holds the rest")
    .option('--json', 'print the needs as JSON')
    .action(async (character: string | undefined, _flags: ConsumablesFlags, cmd: Command) => list(character, createContext(cmd.optsWithGlobals())));
  consumables
    .command('remove <character> <item>')
    .description("drop a character's requirement for an item")
    .option('--json', 'print the result as JSON')
    .action(async (character: string, item: string, _flags: ConsumablesFlags, cmd: Command) => remove(character, item, createContext(cmd.optsWithGlobals())));
  consumables
    .command('import <file>')
    .description('read requirements from CSV: character,item,count per line (item by id, name or link); bad lines are reported, the others imported')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, _flags: ConsumablesFlags, cmd: Command) => importFile(file, createContext(cmd.optsWithGlobals()), 'requirement', async () => (await import('../core/skillweaver/consumables/requirements.js')).importRequirements));
}

/** An empty name would resolve to nobody and read as "unknown character ''". */
function checkCharacter(character: string | undefined): void {
  if (character !== undefined && character.trim() === '') throw new UsageError('name the character as Name-Realm');
}

async function set(character: string, item: string, countText: string, ctx: CommandContext): Promise<void> {
  checkCharacter(character);
  const count = wholeNumber(countText, 'count', 1, 2 ** 31 - 1);
  const { setRequirement } = await import('../core/skillweaver/consumables/requirements.js');
  const need = await withDatabase(ctx, { migrate: true }, ({ db }) => setRequirement(db, { character, item, count }));
  await emitReport(ctx.mode, { data: need, json: (n) => n, plain: (n) => [needLine(n)] });
}

async function list(character: string | undefined, ctx: CommandContext): Promise<void> {
  checkCharacter(character);
  const { listNeeds } = await import('../core/skillweaver/consumables/requirements.js');
  const needs = await withDatabase(ctx, { migrate: true }, ({ db }) => listNeeds(db, { character }));
  await emitReport(ctx.mode, { data: needs, json: (n) => n, plain: needsLines });
}

async function remove(character: string, item: string, ctx: CommandContext): Promise<void> {
  checkCharacter(character);
  const { removeRequirement } = await import('../core/skillweaver/consumables/requirements.js');
  const result = await withDatabase(ctx, { migrate: true }, ({ db }) => removeRequirement(db, character, item));
  const what = `${result.itemName ?? `item ${result.itemId}`} on ${result.character}`;
  await emitReport(ctx.mode, {
    data: result,
    json: (r) => r,
    plain: (r) => [r.removed ? `removed the requirement for ${what}` : `no requirement for ${what}: nothing removed`],
  });
}

