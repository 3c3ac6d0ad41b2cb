import { render } from 'ink';
import type { DivertableSink } from '../core/log.js';
import { boardFrame, frameWidths } from '../output/board-layout.js';
import type { ProgressBoard } from '../output/progress-board.js';
import { ProgressView } from './ProgressView.js';

export interface MountOptions {
  /** The command's log output: while the board is drawn, its lines are printed above the board. */
  logs?: DivertableSink;
  stream?: NodeJS.WriteStream;
}

/**
 * Mounts the live progress view on stderr (stdout stays for results). Returns a
 * function that draws the last frame (the overall line), unmounts and gives the
 * log its stream back.
 */
export function mountProgress(board: ProgressBoard, options: MountOptions = {}): () => Promise<void> {
  const stream = options.stream ?? process.stderr;
  // A pseudo-terminal without a size (script, some CI runners) reports 0 columns,
  // which would make Ink wrap after every character.
  if (!stream.columns) stream.columns = 100;
  if (!stream.rows) stream.rows = 40;
  const restoreLogs = options.logs?.divert((text) => board.note(text.replace(/\n$/, '')));
  const stopReflowFix = eraseReflowedRows(board, stream);
  const instance = render(<ProgressView board={board} />, {
    stdout: stream,
    stderr: stream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 10,
  });
  return async () => {
    board.finish();
    // Rendered synchronously: unmounting right away would keep the frame before.
    instance.rerender(<ProgressView board={board} />);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    stopReflowFix();
    restoreLogs?.();
  };
}

/**
 * When the window narrows, terminals that reflow (tmux, VTE, kitty, iTerm2…)
 * wrap the frame's long lines onto extra rows. Ink then erases as many rows as
 * it wrote, which leaves the top of the old frame above the new one; this erases
 * the extra rows first (it runs before Ink's own resize handler). On a terminal
 * that cuts lines instead, it erases as many lines of the output above.
 */
function eraseReflowedRows(board: ProgressBoard, stream: NodeJS.WriteStream): () => void {
  let size = { columns: stream.columns, rows: stream.rows };
  const onResize = () => {
    const next = { columns: stream.columns, rows: stream.rows };
    if (next.columns < size.columns) {
      const widths = frameWidths(boardFrame(board, board.snapshot(), size), size.columns);
      const extra = widths.reduce((sum, w) => sum + Math.max(1, Math.ceil(w / next.columns)), 0) - widths.length;
      // Erase the cursor's line and `extra` above it; Ink's erase goes on from there.
      if (extra > 0) stream.write(`${'\u001b[2K\u001b[1A'.repeat(extra)}\u001b[2K\r`);
    }
    size = next;
  };
  stream.prependListener('resize', onResize);
  return () => {
    stream.off('resize', onResize);
  };
}
