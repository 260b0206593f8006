import { deserialize, Long, serialize, type Document } from 'bson';
import { fromWire } from '../bson-values.ts';
import type { ChangeInput, ChangeRecord } from '../change-log.ts';
import { crc32c } from '../wire/crc32c.ts';

/**
 * One journal record = one commit: [length u32][crc32c u32][BSON { r: [changes], k? }].
 * The checksum covers the BSON, so a torn or half-written tail is recognised.
 * `k` is absent for a commit (apply the changes and put them back in the change log);
 * a compacted journal also holds 'log' records (change log only) and 'data' records
 * (a snapshot of the documents, applied but not part of the change log).
 */
const HEADER_BYTES = 8;

export type EntryKind = 'commit' | 'log' | 'data';

export interface JournalEntry {
  kind: EntryKind;
  records: ChangeInput[];
}

export function encodeCommit(records: ChangeInput[], kind: EntryKind = 'commit'): Buffer {
  const r = records.map((c) => ({ ...c, txnNumber: c.txnNumber === undefined ? undefined : Long.fromBigInt(c.txnNumber) }));
  const body = serialize(kind === 'commit' ? { r } : { r, k: kind }, { ignoreUndefined: true });
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32c(body), 4);
  out.set(body, HEADER_BYTES);
  return out;
}

function decodeRecord(doc: Document): ChangeRecord {
  const record = fromWire(doc) as Document;
  if (record.txnNumber instanceof Long) record.txnNumber = record.txnNumber.toBigInt();
  return record as ChangeRecord;
}

/** Reads commits until the end or the first damaged record; `validBytes` is where the good part ends. */
export function decodeCommits(data: Buffer): { entries: JournalEntry[]; validBytes: number } {
  const entries: JournalEntry[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + length;
    if (length < 5 || end > data.length) break;
    const body = data.subarray(offset + HEADER_BYTES, end);
    if (crc32c(body) !== data.readUInt32LE(offset + 4)) break;
    let doc: Document;
    try {
      doc = deserialize(body, { promoteValues: false });
    } catch {
      break;
    }
    entries.push({ kind: (doc.k as EntryKind | undefined) ?? 'commit', records: (doc.r as Document[]).map(decodeRecord) });
    offset = end;
  }
  return { entries, validBytes: offset };
}
