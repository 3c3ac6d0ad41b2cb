import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { PLACES_EACH_ITEM, PLACES_ONE_ITEM } from '../core/inventory/search-caps.js';
import type { SearchResult } from '../core/inventory/search.js';
import { hitTitle, morePlacesLine, shortTime } from '../output/search-format.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface SearchFlags {
  character?: string;
  limit: string;
  all?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('search')
    .description('where is an item: every character, bank, guild and warband tab, mail and auction that holds it')
    .argument('<text...>', 'part of an item name (typos tolerated), an item id, or a pasted item link')
    .option('--character <name>', 'only this character (Name or Name-Realm)')
    .option('--limit <n>', 'most items to list', '25')
    .option('--all', `every place of each item (default: the ${PLACES_ONE_ITEM} biggest of one item, the ${PLACES_EACH_ITEM} biggest of each when several match)`)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nAnswers from each owner\'s newest data; every place shows when an addon last saw it.')
    .action(async (text: string[], flags: SearchFlags, cmd: Command) => run(text.join(' '), flags, createContext(cmd.optsWithGlobals())));
}

export async function run(text: string, flags: SearchFlags, ctx: CommandContext): Promise<void> {
  const limit = wholeNumber(flags.limit, '--limit', 1, 500);
  if (!text.trim()) throw new UsageError('give some text, an item id or a link to search for');
  const { searchItems } = await import('../core/inventory/search.js');
  const result = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    searchItems(db, { text, limit, ...(flags.all && { placesPerItem: 'all' as const }), ...(flags.character !== undefined && { character: flags.character }) }),
  );
  ctx.log.debug(`search: ${result.dbMs.toFixed(1)} ms in the database, answered ${performance.now().toFixed(1)} ms after start`);
  await emitReport(ctx.mode, {
    data: result,
    json: (r) => ({ query: r.query, items: r.hits }),
    plain: searchLines,
    ink: async (r) => {
      const { SearchView } = await import('../ui/SearchView.js');
      return SearchView({ result: r });
    },
  });
}

function searchLines(result: SearchResult): string[] {
  const lines: string[] = [];
  const found = result.hits.filter((h) => h.total > 0);
  if (found.length === 0) return [`no item matching "${result.query}" is held by any character, guild or warband`];
  for (const hit of found) {
    lines.push(hitTitle(hit));
    for (const p of hit.places) {
      const expiry = p.expiresAt ? `, ${p.location === 'auction' ? 'ends' : 'expires'} ${shortTime(p.expiresAt)}` : '';
      lines.push(`  ${String(p.count).padStart(6)}  ${p.owner} (${p.account}), ${p.place}${expiry}  [seen ${shortTime(p.observedAt)}]`);
    }
    if (hit.morePlaces > 0) lines.push(`  ${morePlacesLine(hit.morePlaces)}`);
  }
  return lines;
}
