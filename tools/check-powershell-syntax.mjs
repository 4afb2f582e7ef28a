#!/usr/bin/env node
// Parses PowerShell files with the tree-sitter PowerShell grammar and reports every
// ERROR / MISSING node as file:line:col. Exit 0 when all files parse, 1 on a syntax
// error, 2 on a usage/IO problem.
//   node tools/check-powershell-syntax.mjs scripts/veeam/*.ps1
//   echo 'if ($a {' | node tools/check-powershell-syntax.mjs -      (stdin, shown as <stdin>)
// tree-sitter-powershell's node binding is ESM with top-level await, hence .mjs.
// This proves the files are well-formed PowerShell; it does not run them.
import fs from 'node:fs';
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell';

const parser = new Parser();
parser.setLanguage(PowerShell);

function readSource(file) {
  const buffer = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM
  return text;
}

function parse(text) {
  // The default input buffer of node-tree-sitter is 32 KiB; scripts can be larger.
  return parser.parse(text, undefined, { bufferSize: Math.max(64 * 1024, text.length * 4 + 1024) });
}

function problems(tree) {
  const found = [];
  const cursor = tree.walk();
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    if (node.isError || node.type === 'ERROR') {
      found.push({ node, kind: 'syntax error', text: node.text.split('\n')[0].slice(0, 60) });
    } else if (node.isMissing) {
      found.push({ node, kind: `missing ${node.type}`, text: '' });
    }
    // depth-first: children unless this is an error node (its inside is noise)
    if (!(node.isError || node.type === 'ERROR') && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  return found;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: check-powershell-syntax.mjs FILE.ps1... (or - for stdin)');
  process.exit(2);
}

let failed = false;
for (const file of files) {
  let text;
  try {
    text = readSource(file);
  } catch (error) {
    console.error(`${file}: cannot read: ${error.message}`);
    process.exit(2);
  }
  const tree = parse(text);
  const name = file === '-' ? '<stdin>' : file;
  const list = problems(tree);
  if (tree.rootNode.hasError && list.length === 0) {
    list.push({ node: tree.rootNode, kind: 'syntax error', text: '' });
  }
  for (const p of list) {
    const { row, column } = p.node.startPosition;
    console.log(`${name}:${row + 1}:${column + 1}: ${p.kind}${p.text ? `: ${p.text}` : ''}`);
  }
  if (list.length > 0) failed = true;
  else console.log(`${name}: ok`);
}
process.exit(failed ? 1 : 0);
