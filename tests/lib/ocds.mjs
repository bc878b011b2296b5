// ocds.mjs - validates what areavasta publishes as OCDS against the official
// OCDS 1.1 schemas kept in ../shared/data/ocds (origin and licence:
// ../shared/data/README.md): the release package and record package schemas
// (JSON Schema draft-04, hence ajv-draft-04), with the release schema patched
// by the Lots extension's release-schema.json as the extension mechanism says
// (JSON Merge Patch, RFC 7386).  Formats (date-time, uri) are checked
// (ajv-formats); OCDS' own keywords (codelist, deprecated, mergeStrategy, ...)
// are annotations, so strict mode is off.
//
//   import { validateReleasePackage, validateRecordPackage } from '../lib/ocds.mjs';
//   assertValid(validateReleasePackage(pkg));   // throws listing the errors
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

import { SHARED } from './server.mjs';

const DIR = join(SHARED, 'data', 'ocds');
const load = (p) => JSON.parse(readFileSync(join(DIR, p), 'utf8'));

// RFC 7386: objects merge recursively, null removes, anything else replaces.
export function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target)
    ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export const LOTS_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json';

export const BIDS_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bids_extension/v1.1.5/extension.json';

// The Lots and the Bids extensions (issue 13: bids, awards, contracts).
const releaseSchema = mergePatch(mergePatch(load('1.1/release-schema.json'),
  load('extensions/lots/release-schema.json')), load('extensions/bids/release-schema.json'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(releaseSchema);
const releasePackage = ajv.compile(load('1.1/release-package-schema.json'));
// The record package schema names the versioned release schema, which is not
// among the reference files: areavasta never writes versionedRelease, so the
// property is declared forbidden here instead of resolved.
const recordSchema = load('1.1/record-package-schema.json');
recordSchema.definitions.record.properties.versionedRelease = { not: {} };
const recordPackage = ajv.compile(recordSchema);
const release = ajv.getSchema(releaseSchema.id);

function result(fn, value) {
  const ok = fn(value);
  return { ok, errors: ok ? [] : fn.errors.map((e) => `${e.instancePath || '/'} ${e.message}` +
    (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '')) };
}

export const validateRelease = (r) => result(release, r);
export const validateReleasePackage = (p) => result(releasePackage, p);
export const validateRecordPackage = (p) => result(recordPackage, p);

// Throws with every schema error when r ({ok, errors}) is not valid.
export function assertValid(r, what = 'OCDS') {
  if (!r.ok) throw new Error(`${what} non valido secondo lo schema OCDS 1.1:\n  ${r.errors.join('\n  ')}`);
}
