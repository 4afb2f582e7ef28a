/**
 * The app package from the manifest/ folder: render manifest.json and ja.json from their templates and the
 * command table, validate both against Microsoft's schemas, check the icons, and zip the four files at the
 * root. Reads the template folder; writes nothing (the CLI decides where the zip goes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BOT_COMMANDS, type BotCommand } from './bot-commands';
import { packAppPackage } from './pack-app-package';
import { renderLocalization, renderManifest, type Json, type JsonObject } from './render-manifest';
import { formatProblems, validateLocalization, validateManifest, type SchemaProblem } from './validate-manifest';
import type { ManifestValues } from './manifest-values';

export const MANIFEST_DIR = path.resolve(__dirname);

export interface FileProblems {
  file: string;
  problems: SchemaProblem[];
}

/** The rendered package failed validation; `message` lists every problem, one per line. */
export class ManifestValidationError extends Error {
  constructor(readonly files: FileProblems[]) {
    super(`The Teams app package is not valid:\n${files.map((f) => formatProblems(f.file, f.problems)).join('\n')}`);
    this.name = 'ManifestValidationError';
  }
}

export interface AppPackage {
  manifest: JsonObject;
  /** Localisation files by file name, e.g. { 'ja.json': {…} }. */
  localizations: Record<string, JsonObject>;
  /** The zip file's bytes. */
  zip: Buffer;
  /** Names of the files at the zip root, in zip order. */
  files: string[];
}

function readJson(file: string): Json {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Json;
  } catch (err) {
    throw new Error(`Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** PNG width/height from the IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 24 || !data.subarray(0, 8).equals(signature) || data.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

export async function buildAppPackage(
  values: ManifestValues,
  options: { manifestDir?: string; commands?: readonly BotCommand[] } = {},
): Promise<AppPackage> {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  const commands = options.commands ?? BOT_COMMANDS;
  const template = readJson(path.join(dir, 'manifest.json'));
  const manifest = renderManifest(template, { ...values }, commands);
  const version = String(manifest.manifestVersion);

  const failures: FileProblems[] = [];
  const manifestProblems = validateManifest(manifest);
  if (manifestProblems.length) failures.push({ file: 'manifest.json', problems: manifestProblems });

  // Localisation files named in localizationInfo.additionalLanguages, each rendered from the template of that name.
  const localizations: Record<string, JsonObject> = {};
  const info = manifest.localizationInfo as JsonObject | undefined;
  const languages = Array.isArray(info?.additionalLanguages) ? (info.additionalLanguages as JsonObject[]) : [];
  for (const lang of languages) {
    const file = String(lang.file);
    const loc = renderLocalization(readJson(path.join(dir, file)), manifest, commands);
    const problems = validateLocalization(loc, version);
    if (problems.length) failures.push({ file, problems });
    localizations[file] = loc;
  }

  // Icons: exist, are PNGs and have the sizes Teams requires.
  const icons = manifest.icons as JsonObject;
  const iconFiles: Record<string, Buffer> = {};
  for (const [key, expected] of [['color', 192], ['outline', 32]] as const) {
    const file = String(icons?.[key]);
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) {
      failures.push({ file, problems: [{ path: '', message: `icon file is missing (run: npx tsx tools/generate-icons.ts)` }] });
      continue;
    }
    const data = fs.readFileSync(full);
    const size = pngSize(data);
    if (!size) failures.push({ file, problems: [{ path: '', message: 'is not a PNG file' }] });
    else if (size.width !== expected || size.height !== expected) {
      failures.push({ file, problems: [{ path: '', message: `is ${size.width}×${size.height}; the ${key} icon must be ${expected}×${expected}` }] });
    }
    iconFiles[file] = data;
  }

  if (failures.length) throw new ManifestValidationError(failures);

  const files = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ...Object.entries(localizations).map(([name, loc]) => ({ name, data: Buffer.from(`${JSON.stringify(loc, null, 2)}\n`) })),
    ...Object.entries(iconFiles).map(([name, data]) => ({ name, data })),
  ];
  const zip = await packAppPackage(files);
  return { manifest, localizations, zip, files: files.map((f) => f.name) };
}
