/** An HTTP answer the caller must decide about (404 realm, 403, exhausted retries…). */
export class ApiStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    detail: string,
  ) {
    super(`HTTP ${status} from ${url}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiStatusError';
  }
}

/** The API could not be reached or kept failing after every retry. */
export class ApiUnavailableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'ApiUnavailableError';
  }
}
