/**
 * Zips the app package in memory: every file at the zip root (Teams rejects packages whose manifest.json is
 * inside a folder). A fixed timestamp keeps the bytes identical for identical input.
 */
import { ZipFile } from 'yazl';

export interface PackageFile {
  /** File name at the zip root, e.g. "manifest.json". */
  name: string;
  data: Buffer;
}

const FIXED_MTIME = new Date('2020-01-01T00:00:00Z');

export function packAppPackage(files: readonly PackageFile[]): Promise<Buffer> {
  const names = new Set<string>();
  for (const f of files) {
    if (!/^[A-Za-z0-9._-]+$/.test(f.name)) throw new Error(`Package file name must be a plain root-level name: ${f.name}`);
    if (names.has(f.name)) throw new Error(`Duplicate package file: ${f.name}`);
    names.add(f.name);
  }
  const zip = new ZipFile();
  for (const f of files) zip.addBuffer(f.data, f.name, { mtime: FIXED_MTIME, mode: 0o100644 });
  zip.end();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
