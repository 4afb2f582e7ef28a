import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAppPackage, ManifestValidationError, pngSize } from '../../manifest/build-app-package';
import { validateLocalization, validateManifest } from '../../manifest/validate-manifest';
import { APP_ID, makeValues, readZip } from './helpers';

const manifestDir = path.resolve(__dirname, '../../manifest');

/** A copy of manifest/ in a temp folder, changed by `edit`, for failure cases. */
function brokenCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  for (const f of ['manifest.json', 'ja.json', 'color.png', 'outline.png']) fs.copyFileSync(path.join(manifestDir, f), path.join(dir, f));
  edit(dir);
  return dir;
}

describe('buildAppPackage', () => {
  it('zips exactly manifest.json, ja.json and the two icons at the zip root', async () => {
    const built = await buildAppPackage(makeValues());
    const entries = await readZip(built.zip);
    expect([...entries.keys()].sort()).toEqual(['color.png', 'ja.json', 'manifest.json', 'outline.png']);
    for (const name of entries.keys()) expect(name).not.toMatch(/[/\\]/);

    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest).toEqual(built.manifest);
    expect(manifest.id).toBe(APP_ID);
    expect(validateManifest(manifest)).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('${{');

    const ja = JSON.parse(entries.get('ja.json')!.toString('utf8')) as Record<string, unknown>;
    expect(validateLocalization(ja, String(manifest.manifestVersion))).toEqual([]);

    expect(entries.get('color.png')!.equals(fs.readFileSync(path.join(manifestDir, 'color.png')))).toBe(true);
    expect(pngSize(entries.get('outline.png')!)).toEqual({ width: 32, height: 32 });
  });

  it('gives the same bytes for the same input', async () => {
    const a = await buildAppPackage(makeValues());
    const b = await buildAppPackage(makeValues());
    expect(a.zip.equals(b.zip)).toBe(true);
  });

  it('lists every schema problem of the rendered files', async () => {
    const dir = brokenCopy((d) => {
      const m = JSON.parse(fs.readFileSync(path.join(d, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      m.accentColor = 'green';
      fs.writeFileSync(path.join(d, 'manifest.json'), JSON.stringify(m));
      const ja = JSON.parse(fs.readFileSync(path.join(d, 'ja.json'), 'utf8')) as Record<string, unknown>;
      ja['name.colour'] = 'x';
      fs.writeFileSync(path.join(d, 'ja.json'), JSON.stringify(ja));
    });
    const err = await buildAppPackage(makeValues(), { manifestDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestValidationError);
    const message = (err as Error).message;
    expect(message).toMatch(/^The Teams app package is not valid:/);
    expect(message).toMatch(/manifest\.json \/accentColor: must match pattern/);
    expect(message).toMatch(/ja\.json \(root\): must NOT have additional properties: "name\.colour"/);
  });

  it('checks icon presence and size', async () => {
    const dir = brokenCopy((d) => {
      fs.copyFileSync(path.join(d, 'outline.png'), path.join(d, 'color.png'));
      fs.rmSync(path.join(d, 'outline.png'));
    });
    await expect(buildAppPackage(makeValues(), { manifestDir: dir })).rejects.toThrow(
      /color\.png \(root\): is 32×32; the color icon must be 192×192\n {2}outline\.png \(root\): icon file is missing/,
    );
  });
});
