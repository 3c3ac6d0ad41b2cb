import type { FileReport } from '../core/inventory/ingest.js';

/**
 * The files behind each note, in first-seen order. A note several files share
 * (an account guessed from the path) is reported once with their number, by the
 * plain lines and the Ink summary alike.
 */
export function filesByNote(files: readonly FileReport[]): Map<string, FileReport[]> {
  const byNote = new Map<string, FileReport[]>();
  for (const file of files) for (const note of file.notes) byNote.set(note, [...(byNote.get(note) ?? []), file]);
  return byNote;
}
