// compile.cjs - compile a Typst document to PDF with the npm package
// @myriaddreamin/typst-ts-node-compiler (Typst as a native Node addon), as a
// user of it would: one process that loads the compiler, compiles and writes
// the PDF.  For bench/edition.
//
//   node compile.cjs --modules DIR --workspace DIR [--font FILE]... [--no-tags] MAIN.typ OUT.pdf
//   node compile.cjs --modules DIR --version
//
// --modules is the node_modules directory the package is installed in;
// --workspace the Typst project root (absolute paths in the document, such as
// "/typst/monthly.typ", are resolved against it); --font adds a font file;
// --no-tags leaves out the PDF structure tags that Typst writes by default.
// Warnings are printed; any error exits 1.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

function usage(msg) {
	if (msg) process.stderr.write(`compile.cjs: ${msg}\n`);
	process.stderr.write('usage: node compile.cjs --modules DIR --workspace DIR [--font FILE]... [--no-tags] MAIN.typ OUT.pdf\n' +
		'       node compile.cjs --modules DIR --version\n');
	process.exit(2);
}

const args = process.argv.slice(2);
let modules = null, workspace = process.cwd(), version = false, tags = true;
const fonts = [], rest = [];
while (args.length) {
	const a = args.shift();
	if (a === '--modules') modules = args.shift();
	else if (a === '--workspace') workspace = args.shift();
	else if (a === '--font') fonts.push(args.shift());
	else if (a === '--version') version = true;
	else if (a === '--no-tags') tags = false;
	else if (a.startsWith('--')) usage(`unknown option ${a}`);
	else rest.push(a);
}
if (!modules) usage('--modules is required');
if (!version && rest.length !== 2) usage();

const req = createRequire(path.join(path.resolve(modules), 'noop.js'));
const { NodeCompiler } = req('@myriaddreamin/typst-ts-node-compiler');

for (const f of fonts)
	if (!fs.existsSync(f)) { process.stderr.write(`compile.cjs: font ${f} not found\n`); process.exit(1); }
const compiler = NodeCompiler.create({
	workspace: path.resolve(workspace),
	fontArgs: fonts.length ? [{ fontPaths: fonts.map(f => path.resolve(f)) }] : [],
});

if (version) {
	const r = compiler.compile({ mainFileContent: '#metadata(str(sys.version)) <v>' });
	const v = compiler.query(r.result, { selector: '<v>', field: 'value' });
	process.stdout.write(`${v[0]}\n`);
	process.exit(0);
}

const [main, out] = rest;
const result = compiler.compile({ mainFilePath: path.resolve(main) });
const doc = result.result;
if (!doc || result.hasError()) {
	result.printDiagnostics();
	process.stderr.write(`compile.cjs: ${main}: Typst reported errors\n`);
	process.exit(1);
}
result.printDiagnostics(); // warnings, if any
const pdf = compiler.pdf(doc, { pdfTags: tags });
fs.writeFileSync(out, pdf);
process.stderr.write(`${out}: ${doc.numOfPages} pages, ${pdf.length} bytes\n`);
