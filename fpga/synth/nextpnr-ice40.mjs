// nextpnr-ice40.mjs -- run nextpnr-ice40 0.8 (YoWASP's WebAssembly build, npm package
// @yowasp/nextpnr-ice40) from the command line. The package has no bin entry, only a JS API
// (runNextpnrIce40(args, files, options)) over an in-memory file tree, so this script:
//   - loads the input files named with --in into the tree (by their base name),
//   - runs nextpnr-ice40 with the arguments after "--" (file arguments are tree names, e.g.
//     --json top.json --log nextpnr.log --report report.json),
//   - streams nextpnr's stdout/stderr to this process's stdout/stderr as they come,
//   - writes every file the run produced back into --dir (also when nextpnr exits with an error),
//   - exits with nextpnr's exit code.
//
// Usage:
//   node synth/nextpnr-ice40.mjs --modules build/nextpnr-wasm/node_modules --dir build/ice40 \
//        --in build/ice40/top.json -- --hx8k --package ct256 --json top.json --router router2 ...
// Prints "nextpnr-ice40.mjs: version <v>" first, so logs say which build ran.

import { readFileSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { basename, join, resolve, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

function usage(msg) {
    process.stderr.write(`nextpnr-ice40.mjs: ${msg}\n` +
        'usage: node nextpnr-ice40.mjs --modules <node_modules> --dir <out dir> [--in <file>]... -- <nextpnr-ice40 args>\n');
    process.exit(2);
}

const argv = process.argv.slice(2);
let modules = null, dir = null;
const inputs = [];
let i = 0;
for (; i < argv.length && argv[i] !== '--'; i++) {
    const a = argv[i];
    if (a === '--modules') modules = argv[++i];
    else if (a === '--dir') dir = argv[++i];
    else if (a === '--in') inputs.push(argv[++i]);
    else usage(`unknown option ${a}`);
}
if (!modules || !dir || i >= argv.length) usage('--modules, --dir and "--" are required');
const pnrArgs = argv.slice(i + 1);

// the package is ESM with "exports": {"default": "./gen/bundle.js"}; it is installed in a build
// folder, not beside this script, so resolve its entry point from its package.json
const pkgDir = resolve(modules, '@yowasp', 'nextpnr-ice40');
let pkg;
try {
    pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
} catch (e) {
    usage(`@yowasp/nextpnr-ice40 is not installed under ${modules} (npm ci in its folder): ${e.message}`);
}
const entry = (pkg.exports && (pkg.exports.default || pkg.exports['.'])) || pkg.main || 'gen/bundle.js';
const api = await import(pathToFileURL(join(pkgDir, entry)).href);
process.stdout.write(`nextpnr-ice40.mjs: version ${pkg.version}\n`);

const files = {};
for (const f of inputs) files[basename(f)] = readFileSync(f);

// write synchronously: a run stopped by `timeout` still leaves everything printed so far
const toFd = (fd) => (bytes) => { if (bytes && bytes.length) writeSync(fd, bytes); };

function saveTree(tree, base) {
    for (const [name, value] of Object.entries(tree || {})) {
        if (base === dir && name in files) continue;   // the inputs, unchanged
        const path = join(base, name);
        if (value instanceof Uint8Array || typeof value === 'string') {
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, value);
        } else if (value && typeof value === 'object') {
            saveTree(value, path);
        }
    }
}

let code = 0;
try {
    const out = await api.runNextpnrIce40(pnrArgs, files, { stdout: toFd(1), stderr: toFd(2) });
    saveTree(out, dir);
} catch (e) {
    if (e instanceof api.Exit) {
        code = e.code || 1;
        saveTree(e.files, dir);
    } else {
        process.stderr.write(`nextpnr-ice40.mjs: ${e && e.stack ? e.stack : e}\n`);
        code = 1;
    }
}
process.exit(code);
