/**
 * compat.html in a real browser: a report on simulator profiles is rendered by headless Chromium (Debian's
 * `chromium`, installed by scripts/setup-chromium.sh); the DOM must hold the matrix (a row per requirement, a
 * column per target) and the screenshot, kept at test-output/report/compat.png, must not be blank. Skipped, with
 * the reason, when /usr/bin/chromium is missing.
 */
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUIREMENT_IDS } from '../model/requirements.js';

const CHROMIUM = '/usr/bin/chromium';
const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
/** Where the screenshot is kept for a person to look at (git-ignored). */
const SHOT_DIR = fileURLToPath(new URL('../../test-output/report/', import.meta.url));
const TARGETS = ['sim', 'sim:prefeature', 'sim:legacy'];
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Paint every tile before the screenshot is taken (a loaded machine otherwise leaves some blank).
  '--run-all-compositor-stages-before-draw',
  '--virtual-time-budget=3000',
];
const work = mkdtempSync(join(tmpdir(), 'dfc-report-html-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An RGBA image decoded from an 8-bit, non-interlaced PNG (colour types 2 and 6). */
interface Image {
  width: number;
  height: number;
  pixel(x: number, y: number): [number, number, number];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function decodePng(file: Buffer): Image {
  expect(file.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      expect([data[8], data[12]]).toEqual([8, 0]);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    if (filter > 4) throw new Error(`PNG row ${y}: unknown filter ${filter}`);
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? out[(y - 1) * stride + i - channels]! : 0;
      const predicted =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      out[y * stride + i] = (x + predicted) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => {
      const at = y * stride + x * channels;
      return [out[at]!, out[at + 1]!, out[at + 2]!];
    },
  };
}

/** Pixels within `tolerance` of each colour, and pixels unlike the page background (the top-left pixel). */
function countPixels(img: Image, colours: Record<string, [number, number, number]>, tolerance = 6) {
  const background = img.pixel(0, 0);
  const near = (p: number[], q: number[]): boolean => p.every((v, i) => Math.abs(v - q[i]!) <= tolerance);
  const counts: Record<string, number> = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]));
  let foreground = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const p = img.pixel(x, y);
      if (!near(p, background)) foreground += 1;
      for (const [name, colour] of Object.entries(colours)) if (near(p, colour)) counts[name]! += 1;
    }
  }
  return { foreground, counts, background };
}

const skip = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (run scripts/setup-chromium.sh as root)`;

describe('compat.html in headless Chromium', () => {
  it.skipIf(skip !== null)(
    `shows the matrix and is not blank${skip === null ? '' : ` (skipped: ${skip})`}`,
    async () => {
      const args = [
        'report',
        ...TARGETS.flatMap((t) => ['--target', t]),
        '--out',
        'out',
        '--cases',
        '1',
        '--seed',
        '3',
      ];
      const report = await execa('node', [MAIN, ...args], { cwd: work, reject: false });
      expect(report.exitCode, report.stderr).toBe(1);
      const page = pathToFileURL(join(work, 'out', 'compat.html')).href;
      const browse = (extra: string[]) =>
        execa(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${join(work, 'profile')}`, ...extra, page], {
          reject: false,
          timeout: 60_000,
        });
      const dom = await browse(['--dump-dom']);
      expect(dom.exitCode, dom.stderr.slice(-500)).toBe(0);
      const table = /<table id="matrix">([\s\S]*?)<\/table>/.exec(dom.stdout)?.[1] ?? '';
      const rows = [...table.matchAll(/<tr data-requirement="([^"]+)">/g)].map((m) => m[1]);
      expect(rows.slice().sort()).toEqual(REQUIREMENT_IDS.slice().sort());
      const columns = [...table.matchAll(/<th data-target="([^"]+)">/g)].map((m) => m[1]);
      expect(columns).toEqual(TARGETS);
      for (const row of table.split('<tr data-requirement=').slice(1)) {
        expect(row.match(/<td class="s-/g)).toHaveLength(TARGETS.length);
      }
      mkdirSync(SHOT_DIR, { recursive: true });
      const shot = join(SHOT_DIR, 'compat.png');
      rmSync(shot, { force: true });
      const taken = await browse([`--screenshot=${shot}`, '--window-size=1280,900']);
      expect(taken.exitCode, taken.stderr.slice(-500)).toBe(0);
      const img = decodePng(readFileSync(shot));
      expect([img.width, img.height]).toEqual([1280, 900]);
      const { foreground, counts } = countPixels(img, {
        failed: [0xf8, 0xc9, 0xc6],
        passed: [0xcd, 0xeb, 0xd5],
        notApplicable: [0xec, 0xee, 0xf2],
      });
      expect(foreground / (img.width * img.height)).toBeGreaterThan(0.05);
      expect(counts['failed']).toBeGreaterThan(500);
      expect(counts['passed']).toBeGreaterThan(500);
      expect(counts['notApplicable']).toBeGreaterThan(500);
    },
    90_000,
  );
});
