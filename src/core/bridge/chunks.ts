/**
 * Combat logs reach a gigabyte; they go up in chunks with a byte offset so a
 * cut connection resumes where the server stopped instead of from zero.
 */
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

export interface Chunk {
  offset: number;
  length: number;
}

export function planChunks(offset: number, totalSize: number, chunkBytes = DEFAULT_CHUNK_BYTES): Chunk[] {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(totalSize) || offset < 0 || totalSize < 0) throw new RangeError('offsets must be whole, non-negative numbers');
  if (!(chunkBytes > 0)) throw new RangeError('chunk size must be positive');
  const chunks: Chunk[] = [];
  for (let at = Math.min(offset, totalSize); at < totalSize; at += chunkBytes) chunks.push({ offset: at, length: Math.min(chunkBytes, totalSize - at) });
  return chunks;
}
