/**
 * The `# Checksum:` line of a /simc export, as the SimulationCraft addon writes
 * it (simc-addon core.lua, GetSimcProfile): adler32 over every byte before that
 * line — the trailing blank line's "\n" included — printed with
 * string.format('%x'): lower-case hex, no padding. The addon sums the text
 * with the EditBox's doubled pipes ("||") un-doubled, which is exactly what a
 * copy from that box gives, so the bytes we get are summed as they are. The addon builds the text with "\n" only; a Windows clipboard or
 * editor may turn that into "\r\n", so a mismatch is tried once more on the
 * text with "\r\n" → "\n" before the export is called changed.
 */
import { DataError } from '../../errors.js';

const CHECKSUM_PREFIX = Buffer.from('# Checksum:');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ADLER_MOD = 65521;

/** RFC 1950 adler32; the addon sums first and reduces at the end, which gives the same number for any export under 2^30 bytes. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is zlib's NMAX: the most that can be summed before b could pass 2^53.
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(bytes.length, start + 5552);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= ADLER_MOD;
    b %= ADLER_MOD;
  }
  return (b * 65536 + a) >>> 0;
}

export function formatChecksum(bytes: Uint8Array): string {
  return adler32(bytes).toString(16);
}

export interface VerifiedChecksum {
  /** The hex the export carries. */
  checksum: string;
  /** 1-based line number of the `# Checksum:` line. */
  line: number;
  /** The bytes the checksum covers, BOM dropped and line endings as verified. */
  body: Buffer;
  /** True when only the "\n" form of a "\r\n" text matched. */
  crlfNormalised: boolean;
}

/**
 * Finds the last `# Checksum:` line and checks it against everything above.
 * A missing line means the export was cut off (named by its last line); a
 * mismatch or text after the checksum line means it was changed. Both throw
 * DataError (exit 65) naming the line, prefixed with `source`.
 */
export function verifyChecksum(input: Buffer, source: string): VerifiedChecksum {
  const bytes = input.subarray(0, 3).equals(UTF8_BOM) ? input.subarray(3) : input;
  const at = checksumLineStart(bytes);
  if (at < 0) {
    const lines = countLines(bytes, bytes.length);
    throw new DataError(`${source}:${lines}: no "# Checksum:" line after line ${lines}: the export is truncated (copy all of the /simc window)`);
  }
  const line = countLines(bytes, at) + 1;
  const rest = bytes.subarray(at).toString('utf8');
  const newline = rest.indexOf('\n');
  const checksumText = (newline < 0 ? rest : rest.slice(0, newline)).slice(CHECKSUM_PREFIX.length).trim();
  if (newline >= 0 && rest.slice(newline).trim() !== '') {
    throw new DataError(`${source}:${line + 1}: text after the "# Checksum:" line of line ${line}: the export was changed or two were pasted together`);
  }
  if (!/^[0-9a-f]{1,8}$/i.test(checksumText)) {
    throw new DataError(`${source}:${line}: "# Checksum:" is followed by '${checksumText.slice(0, 20)}', not a hex number: the export is truncated or changed`);
  }
  const expected = checksumText.toLowerCase().replace(/^0+(?=.)/, '');
  const body = bytes.subarray(0, at);
  if (formatChecksum(body) === expected) return { checksum: expected, line, body, crlfNormalised: false };
  const lf = withoutCarriageReturns(body);
  if (lf.length !== body.length && formatChecksum(lf) === expected) return { checksum: expected, line, body: lf, crlfNormalised: true };
  throw new DataError(
    `${source}:${line}: checksum ${expected} does not match the ${line - 1} lines above it (they sum to ${formatChecksum(lf)}): the export was changed or truncated; export it again with /simc`,
  );
}

/** Start offset of the last line beginning with "# Checksum:", or -1. */
function checksumLineStart(bytes: Buffer): number {
  for (let at = bytes.lastIndexOf(CHECKSUM_PREFIX); at >= 0; at = at === 0 ? -1 : bytes.lastIndexOf(CHECKSUM_PREFIX, at - 1)) {
    if (at === 0 || bytes[at - 1] === 0x0a) return at;
  }
  return -1;
}

function countLines(bytes: Buffer, end: number): number {
  let lines = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) lines++;
  // A last line without its newline still counts.
  return end > 0 && bytes[end - 1] !== 0x0a ? lines + 1 : lines;
}

function withoutCarriageReturns(bytes: Buffer): Buffer {
  if (!bytes.includes(0x0d)) return bytes;
  return Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}
