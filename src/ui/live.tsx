import { render } from 'ink';
import type { ProgressBoard } from '../output/progress-board.js';
import { ProgressView } from './ProgressView.js';

/**
 * Mounts the live progress view on stderr (stdout stays for results). Returns a
 * function that renders the last frame and unmounts.
 */
export function mountProgress(board: ProgressBoard, stream: NodeJS.WriteStream = process.stderr): () => Promise<void> {
  // A pseudo-terminal without a size (script, some CI runners) reports 0 columns,
  // which would make Ink wrap after every character.
  if (!stream.columns) stream.columns = 100;
  if (!stream.rows) stream.rows = 40;
  const instance = render(<ProgressView board={board} />, {
    stdout: stream,
    stderr: stream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 10,
  });
  return async () => {
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
  };
}
