import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../../src/core/redact.js';

describe('redact', () => {
  it('removes passwords from connection URLs', () => {
    expect(redact('cannot reach postgres://app:s3cr3t@db.example:5432/holocron')).toBe(
      'cannot reach postgres://app:***@db.example:5432/holocron',
    );
  });

  it('removes password-like query parameters', () => {
    expect(redact('GET /x?namespace=dynamic-us&access_token=abcdef123&x=1')).toBe(
      'GET /x?namespace=dynamic-us&access_token=***&x=1',
    );
  });

  it('removes every registered secret wherever it appears', () => {
    registerSecret('client-secret-value');
    expect(redact('oauth failed for client-secret-value (client-secret-value)')).toBe('oauth failed for *** (***)');
  });

  it('leaves text without secrets alone', () => {
    expect(redact('postgres://app@db:5432/x')).toBe('postgres://app@db:5432/x');
  });
});
