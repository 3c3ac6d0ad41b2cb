import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

function sizeOf(stream: NodeJS.WriteStream): TerminalSize {
  // A pseudo-terminal without a size reports 0; 80×24 is what terminals default to.
  return { columns: stream.columns || 80, rows: stream.rows || 24 };
}

/** The size of the stream Ink draws on, updated when the terminal is resized. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const update = () => setSize(sizeOf(stdout));
    stdout.on('resize', update);
    update();
    return () => {
      stdout.off('resize', update);
    };
  }, [stdout]);
  return size;
}
