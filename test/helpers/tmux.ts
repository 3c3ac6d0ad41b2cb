import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Whether `tmux` can be run here (CI installs it; a developer machine may not have it). */
export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

/**
 * A command in a detached tmux window of a fixed size, on a tmux server of its
 * own (its own socket), so a test sees exactly what a user at an 80×24 terminal
 * sees: `capture()` is the screen, `capture({ history: true })` adds what
 * scrolled off the top.
 */
export class TmuxWindow {
  private readonly socket = `holocron-test-${process.pid}-${randomBytes(4).toString('hex')}`;

  private constructor(readonly columns: number, readonly rows: number) {}

  /**
   * Runs `argv` with exactly `env` (nothing inherited, so neither CI variables
   * nor the developer's own settings change what is drawn), prints
   * `exited <code>` when it ends and keeps the window open for a last capture.
   */
  static start(dir: string, argv: readonly string[], env: Record<string, string>, size: { columns: number; rows: number }): TmuxWindow {
    const window = new TmuxWindow(size.columns, size.rows);
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const script = path.join(dir, 'tmux-command.sh');
    const assignments = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`);
    fs.writeFileSync(script, `env -i ${assignments.join(' ')} ${argv.map(quote).join(' ')}\necho "exited $?"\nexec sleep 600\n`);
    window.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'test', '-x', String(size.columns), '-y', String(size.rows), `sh ${quote(script)}`);
    return window;
  }

  /** The window's lines; with `history`, the scrolled-off ones first; `join` undoes the terminal's wrapping of long lines. */
  capture(options: { history?: boolean; join?: boolean } = {}): string[] {
    const args = ['capture-pane', '-p', '-t', 'test'];
    if (options.history) args.push('-S', '-');
    if (options.join) args.push('-J');
    const lines = this.tmux(...args).split('\n');
    while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
    return lines;
  }

  /** Types into the window: tmux key names ('Escape', 'Enter', 'C-c') or literal text with `literal`. */
  keys(keys: string, options: { literal?: boolean } = {}): void {
    this.tmux('send-keys', '-t', 'test', ...(options.literal ? ['-l'] : []), keys);
  }

  /** The screen with its colours and attributes as escape codes (for screenshots). */
  captureAnsi(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'test');
  }

  /** Whether the program in the window is on the alternate screen (full-screen apps are). */
  alternateScreen(): boolean {
    return this.tmux('display-message', '-p', '-t', 'test', '#{alternate_on}').trim() === '1';
  }

  /** Ends the tmux server of this window and everything in it. */
  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-u', '-L', this.socket, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }
}
