import type { ReactElement } from 'react';

/**
 * How a command shows its result:
 *   json   one JSON document on stdout (--json)
 *   ink    a rendered Ink view, only when stdout is a terminal
 *   plain  lines without ANSI codes, for cron, pipes and CI
 */
export type OutputMode = 'json' | 'ink' | 'plain';

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
}

export function outputMode(flags: OutputFlags, stdout: NodeJS.WriteStream = process.stdout, env = process.env): OutputMode {
  if (flags.json) return 'json';
  if (flags.plain || !stdout.isTTY || env.CI || env.TERM === 'dumb') return 'plain';
  return 'ink';
}

export interface Report<T> {
  data: T;
  json: (data: T) => unknown;
  plain: (data: T) => string[];
  /** Loaded lazily so cron runs never import React. */
  ink?: (data: T) => Promise<ReactElement>;
}

export async function emitReport<T>(mode: OutputMode, report: Report<T>, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (mode === 'json') {
    await write(stdout, `${JSON.stringify(report.json(report.data), null, 2)}\n`);
    return;
  }
  if (mode === 'ink' && report.ink) {
    const { renderStatic } = await import('../ui/render.js');
    await write(stdout, `${renderStatic(await report.ink(report.data))}\n`);
    return;
  }
  const lines = report.plain(report.data);
  if (lines.length > 0) await write(stdout, `${lines.join('\n')}\n`);
}

export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
