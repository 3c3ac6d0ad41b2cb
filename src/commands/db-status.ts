import type { Command } from 'commander';
import type { DatabaseStatus } from '../core/db/status.js';
import { emitReport } from '../output/report.js';
import { createContext, withDatabase, type CommandContext } from './context.js';

export function register(db: Command): void {
  db.command('status')
    .description('show the server (embedded or external), its version, schemas and migrations')
    .option('--json', 'print the status as JSON')
    .action(async (_opts, cmd: Command) => run(createContext(cmd.optsWithGlobals())));
}

export async function run(ctx: CommandContext): Promise<void> {
  const { databaseStatus } = await import('../core/db/status.js');
  const status = await withDatabase(ctx, { migrate: false }, databaseStatus);
  await emitReport<DatabaseStatus>(ctx.mode, {
    data: status,
    json: (s) => s,
    plain: (s) => statusFields(s).map(([label, value]) => `${label}: ${value}`),
    ink: async (s) => {
      const { DbStatusView } = await import('../ui/DbStatusView.js');
      return DbStatusView({ fields: statusFields(s) });
    },
  });
}

function statusFields(s: DatabaseStatus): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['server', `${s.server.kind} PostgreSQL ${s.server.version}`],
    ['location', s.server.target],
  ];
  if (s.server.dataDir) fields.push(['data', s.server.dataDir]);
  if (s.server.pid) fields.push(['pid', String(s.server.pid)]);
  fields.push(
    ['database', s.database],
    ['schemas', s.schemas.join(', ') || '(none yet: run holocron db migrate)'],
    ['migrations', `${s.migrations.applied} applied, ${s.migrations.pending} pending${s.migrations.latest ? ` (latest ${s.migrations.latest})` : ''}`],
  );
  return fields;
}
