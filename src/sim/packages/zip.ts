/**
 * A minimal reader of the zip archives the Elastic Package Registry serves (`NAME-VERSION.zip`): the
 * central directory, stored and deflated entries. No zip64, encryption or multi-disk archives: package
 * archives never need them. Directory entries are skipped, as Kibana's unzipBuffer does.
 */
import { inflateRawSync } from "node:zlib";

export class ZipError extends Error {}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** Every file of the archive by its path inside it, in the archive's order. */
export function readZip(archive: Buffer): Map<string, Buffer> {
  const end = findEndOfCentralDirectory(archive);
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) {
      throw new ZipError("corrupt central directory");
    }
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString("utf8", offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    files.set(name, entryData(archive, localOffset, method, compressedSize, size, name));
  }
  return files;
}

function findEndOfCentralDirectory(archive: Buffer): number {
  if (archive.length < 22) throw new ZipError("not a zip archive (too short)");
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const last = Math.max(0, archive.length - 22 - 0xffff);
  for (let at = archive.length - 22; at >= last; at--) {
    if (archive.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new ZipError("not a zip archive (no end of central directory)");
}

function entryData(
  archive: Buffer,
  localOffset: number,
  method: number,
  compressedSize: number,
  size: number,
  name: string,
): Buffer {
  if (localOffset + 30 > archive.length || archive.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER) {
    throw new ZipError(`corrupt local header of ${name}`);
  }
  const start =
    localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
  const raw = archive.subarray(start, start + compressedSize);
  if (raw.length !== compressedSize) throw new ZipError(`${name} is truncated`);
  const data = method === STORED ? Buffer.from(raw) : method === DEFLATED ? inflateRawSync(raw) : undefined;
  if (!data) throw new ZipError(`${name} uses compression method ${method}, which is not supported`);
  if (data.length !== size) throw new ZipError(`${name} has ${data.length} bytes, the archive says ${size}`);
  return data;
}
