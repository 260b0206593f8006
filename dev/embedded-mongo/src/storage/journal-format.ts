import { deserialize, Long, serialize, type Document } from 'bson';
import { fromWire } from '../bson-values.ts';
import type { ChangeRecord } from '../change-log.ts';
import { crc32c } from '../wire/crc32c.ts';

/**
 * One journal record = one commit: [length u32][crc32c u32][BSON { r: [changes] }].
 * The checksum covers the BSON, so a torn or half-written tail is recognised.
 */
const HEADER_BYTES = 8;

export function encodeCommit(records: ChangeRecord[]): Buffer {
  const body = serialize({ r: records.map((r) => ({ ...r, txnNumber: r.txnNumber === undefined ? undefined : Long.fromBigInt(r.txnNumber) })) }, { ignoreUndefined: true });
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
export function decodeCommits(data: Buffer): { commits: ChangeRecord[][]; validBytes: number } {
  const commits: ChangeRecord[][] = [];
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
    commits.push((doc.r as Document[]).map(decodeRecord));
    offset = end;
  }
  return { commits, validBytes: offset };
}
