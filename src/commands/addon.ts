import type { Command } from 'commander';
import type { InstallReport } from '../core/courier/install-addon.js';
import { emitReport } from '../output/report.js';
import { createContext, type CommandContext } from './context.js';

interface InstallFlags {
  wowDir: string;
  force?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const addon = program.command('addon').description('the Holocron addon for the game: install').exitOverride();
  addon
    .command('install')
    .description("copy the Holocron addon into the game's Interface/AddOns (version-checked, never deletes your files)")
    .requiredOption('--wow-dir <folder>', 'the World of Warcraft folder')
    .option('--force', 'install over a newer version')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nA new addon (or new files of it) is seen by the game only after a restart, not a /reload.')
    .action(async (flags: InstallFlags, cmd: Command) => run(flags, createContext(cmd.optsWithGlobals())));
}

export async function run(flags: InstallFlags, ctx: CommandContext): Promise<void> {
  const { installAddon } = await import('../core/courier/install-addon.js');
  const report = installAddon({ wowDir: flags.wowDir, ...(flags.force !== undefined && { force: flags.force }) });
  await emitReport(ctx.mode, { data: report, json: (r) => r, plain: installLines });
}

function installLines(r: InstallReport): string[] {
  const from = r.installedVersion ? ` (was ${r.installedVersion})` : '';
  switch (r.outcome) {
    case 'newer installed':
      return [`Holocron ${r.installedVersion} is installed in ${r.target}, newer than this holocron's ${r.shippedVersion}: left alone (--force installs ${r.shippedVersion} over it)`];
    case 'up to date':
      return [`Holocron ${r.shippedVersion} is installed in ${r.target}${r.written.length ? `; restored ${r.written.length} missing file(s)` : ''}`];
    default:
      return [
        `${r.outcome} Holocron ${r.shippedVersion}${from} in ${r.target}: ${r.written.length} file(s) written${r.keptData.length ? `, your ${r.keptData.length} courier data file(s) kept` : ''}`,
        'Restart the game (not just /reload) for it to load a new addon or new files.',
      ];
  }
}
