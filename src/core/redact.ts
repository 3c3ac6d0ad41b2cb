/**
 * Secrets must never reach stdout, stderr or a log table. Every message the CLI
 * prints goes through redact(); core code registers each secret it learns
 * (passwords, client secrets, bearer tokens) as soon as it has it.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined | null): void {
  // Very short values would redact innocent text; nothing we store is that short.
  if (value && value.length >= 4) secrets.add(value);
}

const urlPassword = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]+)(@)/gi;
const passwordParam = /([?&](?:password|access_token|client_secret)=)[^&\s]+/gi;

export function redact(text: string): string {
  let out = text.replace(urlPassword, '$1***$3').replace(passwordParam, '$1***');
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** Connection URL with the password removed, for messages and status output. */
export function describeUrl(url: string): string {
  return redact(url);
}
