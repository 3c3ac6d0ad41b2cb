import path from 'node:path';
import { Box, Text } from 'ink';
import type { FileReport } from '../core/inventory/ingest.js';
import { otherContents } from '../output/ingest-contents.js';
import { filesByNote } from '../output/ingest-notes.js';
import { formatBytes, formatCount, formatDuration } from '../output/progress-board.js';
import { Table } from './components/Table.js';

const COLOURS: Record<string, string | undefined> = { ingested: 'green', rejected: 'red', failed: 'red', deferred: 'yellow' };

export function IngestSummaryView({ files, totals }: { files: FileReport[]; totals: string }) {
  const notes = noteLines(files);
  return (
    <Box flexDirection="column">
      <Table
        columns={[
          { header: 'file', value: (f: FileReport) => path.basename(f.path) },
          { header: 'account', value: (f: FileReport) => f.account },
          { header: 'status', value: (f: FileReport) => f.status },
          { header: 'format', value: (f: FileReport) => f.formats.join('+') },
          { header: 'size', value: (f: FileReport) => formatBytes(f.sizeBytes), align: 'right' },
          { header: 'chars', value: (f: FileReport) => (f.counts ? formatCount(f.counts.characters) : ''), align: 'right' },
          { header: 'stacks', value: (f: FileReport) => (f.counts ? formatCount(f.counts.stacks) : ''), align: 'right' },
          { header: 'new/same/old', value: (f: FileReport) => (f.counts ? `${f.counts.replaced}/${f.counts.confirmed + f.counts.unchanged}/${f.counts.history}` : ''), align: 'right' },
          { header: 'time', value: (f: FileReport) => formatDuration(f.ms), align: 'right' },
          ...(files.some((f) => otherContents(f)) ? [{ header: 'ledger, log or profile', value: otherContents, shrinkTo: 20, optional: true }] : []),
        ]}
        rows={files}
      />
      {notes.map((note, i) => (
        <Text key={i} color={note.failed ? 'red' : 'gray'}>
          {note.text}
        </Text>
      ))}
      <Text bold>{totals}</Text>
    </Box>
  );
}

/** Errors per file, then each note once (with the number of files when several share it). */
function noteLines(files: FileReport[]): Array<{ text: string; failed: boolean }> {
  const lines = files.filter((f) => f.error).map((f) => ({ text: `${path.basename(f.path)}: ${f.error}`, failed: COLOURS[f.status] === 'red' }));
  for (const [note, sharing] of filesByNote(files)) {
    lines.push({ text: `${sharing.length > 1 ? `${sharing.length} files` : path.basename(sharing[0]!.path)}: ${note}`, failed: false });
  }
  return lines;
}
