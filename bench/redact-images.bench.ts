/**
 * Benchmark: `images.strip_metadata` over 1,000 generated photos (files per second), next to
 * two peers in the same run: sharp re-encoding every file upright with no metadata (what a
 * script would do with the same library: `sharp(f).autoOrient().toFile(out)`), and `cp` of the
 * same files (the floor: reading and writing the bytes). exiftool and ImageMagick are not
 * installed on this machine; when `exiftool` is on the PATH, `exiftool -all= -o OUT` runs too.
 *
 * The photos: 1,000 JPEGs of 1024×768 (smooth gradients with noise, about 100–200 KB) with EXIF
 * (camera, owner, GPS position), XMP (creator) and a JPEG comment; one in four is stored rotated
 * (orientation 6), so it must be decoded, turned and encoded again; the rest are upright and
 * have their metadata cut out without decoding.
 *
 * Each command runs three times after `sync` and one read of every file; the best run counts.
 *
 *   node --import tsx bench/redact-images.bench.ts [--files 1000] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { PRESETS } from '../server/checks/shared/presets';
import { stripMetadataOperation } from '../server/redaction/images/strip-metadata.operation';

const at = process.argv.indexOf('--files');
const fileCount = at > 0 ? Number(process.argv[at + 1]) : 1000;
const WIDTH = 1024;
const HEIGHT = 768;

const EXIF = {
  IFD0: { Make: 'Canon', Model: 'EOS 5D', Artist: 'Jane Photographer' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3012/100' },
};
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Jane Photographer</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';

function pixels(seed: number): Buffer {
  const raw = Buffer.alloc(WIDTH * HEIGHT * 3);
  let s = seed * 2654435761;
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const noise = (s >>> 24) % 16;
      const i = (y * WIDTH + x) * 3;
      raw[i] = ((x * 255) / WIDTH + seed + noise) % 256;
      raw[i + 1] = ((y * 255) / HEIGHT + noise) % 256;
      raw[i + 2] = (128 + 80 * Math.sin((x + seed) / 40) * Math.cos(y / 30) + noise) & 255;
    }
  }
  return raw;
}

function withComment(jpeg: Buffer): Buffer {
  const body = Buffer.from('Shot by Jane Photographer at 12 Acacia Avenue', 'latin1');
  const head = Buffer.from([0xff, 0xfe, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
}

async function generate(dir: string): Promise<void> {
  // Sixteen distinct pictures, each written with its own metadata: the files differ byte for byte.
  const bases = await Promise.all(Array.from({ length: 16 }, (_, k) => pixels(k * 7)));
  for (let i = 0; i < fileCount; i++) {
    const orientation = i % 4 === 3 ? 6 : 1;
    const jpeg = await sharp(bases[i % 16]!, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .withMetadata({ orientation })
      .withExifMerge({ ...EXIF, IFD0: { ...EXIF.IFD0, ImageDescription: `photo ${i}` } })
      .withXmp(XMP)
      .jpeg({ quality: 85 + (i % 10) })
      .toBuffer();
    writeFileSync(join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`), withComment(jpeg));
  }
}

function sync(): void {
  spawnSync('sync');
}

function readAll(dir: string): void {
  for (const f of readdirSync(dir)) readFileSync(join(dir, f));
}

async function timed(run: () => Promise<void> | void): Promise<number> {
  sync();
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function bestOfThree(name: string, fresh: () => string, run: (out: string) => Promise<void> | void): Promise<{ name: string; seconds: number[]; best: number }> {
  const seconds: number[] = [];
  for (let k = 0; k < 3; k++) {
    const out = fresh();
    seconds.push(await timed(() => run(out)));
  }
  return { name, seconds, best: Math.min(...seconds) };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'redact-images-'));
  const input = join(root, 'in');
  mkdirSync(input);
  console.log(`generating ${fileCount} photos of ${WIDTH}×${HEIGHT} in ${input} …`);
  await generate(input);
  const files = readdirSync(input).sort();
  const bytes = files.reduce((s, f) => s + statSync(join(input, f)).size, 0);
  console.log(
    `${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  readAll(input);

  let round = 0;
  const fresh = () => {
    const out = join(root, `out-${++round}`);
    mkdirSync(out);
    return out;
  };
  const ctx = { parameters: PRESETS.acro, signal: new AbortController().signal, memoryBudgetBytes: 256 * 1024 * 1024, targets: [] };
  const results = [];
  let outBytes = 0;
  results.push(
    await bestOfThree('egress images.strip_metadata', fresh, async (out) => {
      outBytes = 0;
      const spent = { upright: 0, rotated: 0 };
      for (const [i, f] of files.entries()) {
        const path = join(input, f);
        const started = process.hrtime.bigint();
        await stripMetadataOperation.apply({ path, name: f, bytes: statSync(path).size, mediaType: 'image/jpeg' }, {}, join(out, f), ctx);
        spent[i % 4 === 3 ? 'rotated' : 'upright'] += Number(process.hrtime.bigint() - started) / 1e9;
      }
      const rotated = files.filter((_, i) => i % 4 === 3).length;
      console.log(`  egress run: upright ${((files.length - rotated) / spent.upright) | 0} files/s (cut out), rotated ${(rotated / spent.rotated) | 0} files/s (re-encoded)`);
      for (const f of files) outBytes += statSync(join(out, f)).size;
    }),
  );
  results.push(
    await bestOfThree('sharp(f).autoOrient().toFile() (re-encode every file)', fresh, async (out) => {
      for (const f of files) await sharp(join(input, f)).autoOrient().toFile(join(out, f));
    }),
  );
  if (spawnSync('exiftool', ['-ver']).status === 0) {
    results.push(await bestOfThree('exiftool -all= -o OUT', fresh, (out) => void spawnSync('exiftool', ['-q', '-all=', '-o', `${out}/`, input])));
  }
  results.push(
    await bestOfThree('cp (the floor)', fresh, async (out) => {
      for (const f of files) await copyFile(join(input, f), join(out, f));
    }),
  );

  console.log(
    `\nload after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; output of egress: ${(outBytes / 1024 / 1024).toFixed(1)} MiB`,
  );
  console.log('| command | runs (s) | best (s) | files/s |');
  console.log('|---|---|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${r.seconds.map((s) => s.toFixed(2)).join(', ')} | ${r.best.toFixed(2)} | **${Math.round(files.length / r.best)}** |`);
  if (!process.argv.includes('--keep')) rmSync(root, { recursive: true, force: true });
}

await main();
