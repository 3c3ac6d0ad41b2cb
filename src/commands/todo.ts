import type { Command } from 'commander';
import type { TodoList } from '../core/weekly/todo.js';
import { emitReport } from '../output/report.js';
import { todoJson, todoLines } from '../output/todo-format.js';
import { createContext, withDatabase, type CommandContext } from './context.js';
import { wholeNumber } from './options.js';

interface TodoFlags {
  character?: string;
  kind?: string;
  minutes?: string;
  json?: boolean;
}

/** A week, in minutes: anything longer is a typo. */
const MAX_MINUTES = 10_080;

export function register(program: Command): void {
  program
    .command('todo')
    .description('boredom mode: what is worth doing now (hitlist, shopping list, open jobs, pets, profession weeklies), best value per minute first')
    .option('--character <Name-Realm>', 'only what this character (or anyone on its account, for pets) can do')
    .option('--kind <kind>', 'only one kind: weekly, shopping, logistics, pet, hitlist or a hitlist kind')
    .option('--minutes <n>', 'only what fits in this many minutes, best first')
    .option('--json', 'print the list as a JSON array')
    .action(async (flags: TodoFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

async function run(flags: TodoFlags, ctx: CommandContext): Promise<void> {
  // Checked before the database opens: a typo should not wait for a connection.
  const minutes = flags.minutes !== undefined ? wholeNumber(flags.minutes, '--minutes', 1, MAX_MINUTES) : undefined;
  const { loadTodo, checkKind } = await import('../core/weekly/todo.js');
  if (flags.kind !== undefined) checkKind(flags.kind);
  const list = await withDatabase(ctx, { migrate: true }, ({ db }) =>
    loadTodo(db, {
      ...(flags.character !== undefined && { character: flags.character }),
      ...(flags.kind !== undefined && { kind: flags.kind }),
      ...(minutes !== undefined && { minutes }),
    }),
  );
  await emitReport(ctx.mode, {
    data: list,
    json: todoJson,
    plain: todoLines,
    ink: async (l: TodoList) => {
      const { TodoView } = await import('../ui/TodoView.js');
      return TodoView({ list: l, width: ctx.stdout.columns || 100 });
    },
  });
}
