/**
 * One JSON object per line on stderr, for journald and `docker logs | jq`.
 * Only what the server chose to put in a field is written: headers, tokens and
 * bodies never are.
 */
export type ServeLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export function jsonLineLog(write: (line: string) => void, now: () => Date = () => new Date()): ServeLog {
  return (level, msg, fields = {}) => write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}\n`);
}
