import { renderToString } from 'ink';
import type { ReactElement } from 'react';

/**
 * Static reports render to a string: no raw mode, no stdin, so an Ink report can
 * never leave the terminal in a bad state or hang waiting for input.
 */
export function renderStatic(element: ReactElement): string {
  const columns = process.stdout.columns && process.stdout.columns > 20 ? process.stdout.columns : 100;
  return renderToString(element, { columns });
}
