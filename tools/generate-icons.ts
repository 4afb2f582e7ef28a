/**
 * Draws the two Teams app icons and writes them to manifest/:
 *   color.png   192×192 RGB, full-bleed Veeam green with a white shield and a green check mark
 *   outline.png 32×32 RGBA, white shield outline and check mark on a transparent background
 *                (every pixel is either fully transparent or pure white; edges use partial alpha only)
 * Shapes are analytic and supersampled, so the output is the same on every machine.
 *
 * Run: npx tsx tools/generate-icons.ts   (the results are committed; run again only after changing the design)
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

export const ACCENT: Rgb = [0x00, 0xb3, 0x36]; // matches manifest accentColor #00B336
const WHITE: Rgb = [255, 255, 255];
const SAMPLES = 4; // 4×4 supersampling per pixel

/** Half width of the shield at height v (coordinates: -1…1, y down). */
function shieldHalfWidth(v: number): number {
  const top = -0.82;
  const shoulder = 0.08;
  const tip = 0.92;
  const w = 0.7;
  if (v < top || v > tip) return -1;
  if (v <= shoulder) {
    // round the two top corners slightly
    const r = 0.12;
    if (v < top + r) {
      const dy = top + r - v;
      return w - r + Math.sqrt(Math.max(0, r * r - dy * dy));
    }
    return w;
  }
  const t = (v - shoulder) / (tip - shoulder);
  return w * Math.sqrt(Math.max(0, 1 - t * t));
}

function inShield(u: number, v: number, shrink = 0): boolean {
  // shrink the shape by `shrink` (approximately, in both directions) to make an inner outline edge
  const hw = shieldHalfWidth(v + (v < 0 ? -shrink : shrink));
  return hw >= 0 && Math.abs(u) <= hw - shrink;
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inCheck(u: number, v: number, halfThickness: number): boolean {
  const a: [number, number] = [-0.3, 0.02];
  const b: [number, number] = [-0.08, 0.24];
  const c: [number, number] = [0.3, -0.18];
  return distToSegment(u, v, a[0], a[1], b[0], b[1]) <= halfThickness || distToSegment(u, v, b[0], b[1], c[0], c[1]) <= halfThickness;
}

/** Coverage (0…1) of a shape over pixel (x, y) of a size×size image, shape given in -scale…scale units. */
function coverage(size: number, x: number, y: number, scale: number, inside: (u: number, v: number) => boolean): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const u = (((x + (sx + 0.5) / SAMPLES) / size) * 2 - 1) / scale;
      const v = (((y + (sy + 0.5) / SAMPLES) / size) * 2 - 1) / scale;
      if (inside(u, v)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as unknown as Rgb;

/** 192×192 colour icon, RGB (colour type 2, no alpha channel). */
export function drawColorIcon(size = 192): Buffer {
  const png = new PNG({ width: size, height: size });
  const scale = 0.56; // the shield spans roughly the middle 100 px, inside Teams' safe area
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const shield = coverage(size, x, y, scale, (u, v) => inShield(u, v));
      const check = coverage(size, x, y, scale, (u, v) => inShield(u, v) && inCheck(u, v, 0.11));
      let c = mix(ACCENT, WHITE, shield);
      c = mix(c, ACCENT, check);
      const i = (y * size + x) * 4;
      png.data[i] = c[0];
      png.data[i + 1] = c[1];
      png.data[i + 2] = c[2];
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 2 });
}

/** 32×32 outline icon, RGBA (colour type 6): white strokes, transparent elsewhere. */
export function drawOutlineIcon(size = 32): Buffer {
  const png = new PNG({ width: size, height: size });
  const scale = 0.88;
  const stroke = 0.16; // ≈ 2 px at 32 px
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = coverage(size, x, y, scale, (u, v) => (inShield(u, v) && !inShield(u, v, stroke)) || inCheck(u, v, 0.09));
      const i = (y * size + x) * 4;
      const a = Math.round(alpha * 255);
      // fully transparent pixels are 0,0,0,0; every visible pixel is pure white
      png.data[i] = a ? 255 : 0;
      png.data[i + 1] = a ? 255 : 0;
      png.data[i + 2] = a ? 255 : 0;
      png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

export function writeIcons(dir: string): string[] {
  const color = path.join(dir, 'color.png');
  const outline = path.join(dir, 'outline.png');
  fs.writeFileSync(color, drawColorIcon());
  fs.writeFileSync(outline, drawOutlineIcon());
  return [color, outline];
}

if (require.main === module) {
  const written = writeIcons(path.resolve(__dirname, '..', 'manifest'));
  for (const f of written) console.log(`wrote ${path.relative(process.cwd(), f)}`);
}
