/** Shared bits for the manifest tests: valid values and a tiny zip reader (yauzl). */
import yauzl from 'yauzl';
import type { ManifestValues } from '../../manifest/manifest-values';

export const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

export function makeValues(overrides: Partial<ManifestValues> = {}): ManifestValues {
  return {
    TEAMS_APP_ID: APP_ID,
    BOT_ID: APP_ID,
    BOT_DOMAIN: 'veeam-bot.contoso.com',
    APP_VERSION: '1.2.3',
    PRIVACY_URL: 'https://contoso.com/privacy',
    TERMS_OF_USE_URL: 'https://contoso.com/terms',
    ...overrides,
  };
}

/** Every entry of a zip: name → bytes. */
export function readZip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
