import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { drawColorIcon, drawOutlineIcon } from '../../tools/generate-icons';

const dir = path.resolve(__dirname, '../../manifest');
/** PNG colour type straight from the IHDR chunk: 2 = RGB, 6 = RGBA. */
const colorType = (data: Buffer) => data[25];

describe('app icons', () => {
  const colorFile = fs.readFileSync(path.join(dir, 'color.png'));
  const outlineFile = fs.readFileSync(path.join(dir, 'outline.png'));

  it('color.png is a 192×192 opaque RGB PNG with more than one colour', () => {
    const png = PNG.sync.read(colorFile);
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(colorType(colorFile)).toBe(2);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) {
      expect(png.data[i + 3]).toBe(255);
      colours.add(png.data.readUInt32BE(i));
    }
    expect(colours.size).toBeGreaterThan(2);
    // the corner is the accent colour (#00B336), the centre is part of the white shield or green check
    expect([...png.data.subarray(0, 3)]).toEqual([0x00, 0xb3, 0x36]);
  });

  it('outline.png is a 32×32 RGBA PNG whose pixels are fully transparent or white', () => {
    const png = PNG.sync.read(outlineFile);
    expect([png.width, png.height]).toEqual([32, 32]);
    expect(colorType(outlineFile)).toBe(6);
    let transparent = 0;
    let opaqueWhite = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = png.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else {
        expect([r, g, b]).toEqual([255, 255, 255]);
        if (a === 255) opaqueWhite++;
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4); // mostly background
    expect(opaqueWhite).toBeGreaterThan(50); // and a visible glyph
    // the border rows and columns are empty (padding around the glyph)
    for (let x = 0; x < 32; x++) expect(png.data[x * 4 + 3]).toBe(0);
  });

  it('are what tools/generate-icons.ts draws (the committed files are up to date)', () => {
    expect(PNG.sync.read(drawColorIcon()).data.equals(PNG.sync.read(colorFile).data)).toBe(true);
    expect(PNG.sync.read(drawOutlineIcon()).data.equals(PNG.sync.read(outlineFile).data)).toBe(true);
  });
});
