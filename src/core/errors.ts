/**
 * Every failure a user can act on is an AppError carrying its exit code.
 * A plain Error reaching the top means a bug: cli.ts prints its stack and exits 1.
 * The numbers follow sysexits.h so cron wrappers can tell "retry later" from "fix me".
 */
export const ExitCode = {
  ok: 0,
  bug: 1,
  usage: 64,
  dataError: 65,
  /** sysexits' EX_NOINPUT: an input file or folder could not be opened (permissions, a broken link). */
  noInput: 66,
  unavailable: 69,
  tempFail: 75,
  config: 78,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface AppErrorOptions {
  hint?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCodeValue, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

export class UsageError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}

/** Bad input data: an unparsable file, a payload that is not what it claims. */
export class DataError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, ExitCode.dataError, options);
  }
}

/** A service we depend on (database, API) cannot be reached. */
export class UnavailableError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, ExitCode.unavailable, options);
  }
}

/** Temporary: another run holds the lock, an upstream hiccup; running again later will work. */
export class TempFailError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, ExitCode.tempFail, options);
  }
}

export class ConfigError extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, ExitCode.config, options);
  }
}

/** Thrown by a command that already reported its outcome and only needs to set the exit code. */
export class ExitError extends AppError {
  constructor(exitCode: ExitCodeValue, message = '') {
    super(message, exitCode);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Node system errors carry a string code (ENOENT, ECONNREFUSED…). */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
