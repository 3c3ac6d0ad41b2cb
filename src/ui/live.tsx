import { render } from 'ink';
import type { ProgressBoard } from '../output/progress-board.js';
import { ProgressView } from './ProgressView.js';

/**
 * Mounts the live progress view on stderr (stdout stays for results). Returns a
 * function that renders the last frame and unmounts.
 */
export function mountProgress(board: ProgressBoard, stream: NodeJS.WriteStream = process.stderr): () => Promise<void> {
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
