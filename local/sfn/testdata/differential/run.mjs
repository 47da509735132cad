// run.mjs runs docflow's Step Functions conformance cases through
// aws-local-stepfunctions and prints one JSON line per case:
//   {"file","status","output","error","cause"}
// status is SUCCEEDED, FAILED, TIMED_OUT or INVALID (the definition was refused).
//
// Usage: node run.mjs [--update] <case.json | directory>...
// --update writes the package's result into each case's "expected", except
// for cases that record a "deviation" (there AWS's documented behaviour wins).

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StateMachine, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import { handlersFor, newFakes } from './fakes.mjs';

/** runCase runs one case and returns the package's outcome. */
export async function runCase(c) {
  let sm;
  try {
    // The package's validator adds defaults (QueryLanguage) to the object it
    // is given; a copy keeps them out of the case written back by --update.
    sm = new StateMachine(structuredClone(c.definition));
  } catch (err) {
    return { status: 'INVALID', error: 'InvalidDefinition', cause: String(err.message ?? err) };
  }
  const fakes = newFakes();
  const taskResourceLocalHandlers = handlersFor(c.definition, fakes);
  try {
    const output = await sm.run(c.input ?? {}, { overrides: { taskResourceLocalHandlers } }).result;
    return { status: 'SUCCEEDED', output };
  } catch (err) {
    if (err instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
    const e = err instanceof ExecutionError && err.cause ? err.cause : err;
    return { status: 'FAILED', error: e.name, cause: e.message };
  }
}

/** expectedFrom turns a package outcome into an "expected" block. The cause
 * is kept only for errors the case itself names (Fail states, fake
 * functions): for States.* errors the cause text is each implementation's
 * own wording, so cases do not pin it. */
export function expectedFrom(r) {
  if (r.status === 'SUCCEEDED') return { status: r.status, output: r.output };
  const e = { status: r.status };
  if (r.status === 'TIMED_OUT') return e; // AWS names no error of its own for a timed-out execution
  if (r.error !== undefined) e.error = r.error;
  if (r.status === 'FAILED' && r.cause !== undefined && !String(r.error).startsWith('States.')) e.cause = r.cause;
  return e;
}

function caseFiles(args) {
  const files = [];
  for (const a of args) {
    if (statSync(a).isDirectory()) {
      for (const f of readdirSync(a).sort()) if (f.endsWith('.json')) files.push(join(a, f));
    } else {
      files.push(a);
    }
  }
  return files;
}

async function main() {
  const args = process.argv.slice(2);
  const update = args.includes('--update');
  const files = caseFiles(args.filter((a) => a !== '--update'));
  if (files.length === 0) {
    console.error('usage: node run.mjs [--update] <case.json | directory>...');
    process.exit(2);
  }
  // Cases are independent (each has its own fakes), so they run together:
  // the waits, retries and timeouts in them then overlap.
  const results = await Promise.all(
    files.map(async (file) => {
      const c = JSON.parse(readFileSync(file, 'utf8'));
      return { file, c, r: await runCase(c) };
    }),
  );
  for (const { file, c, r } of results) {
    console.log(JSON.stringify({ file: basename(file), ...r }));
    if (update && !c.deviation) {
      c.expected = expectedFrom(r);
      writeFileSync(file, JSON.stringify(c, null, 2) + '\n');
    }
  }
}

// Run only as a script, so bench.mjs and probes can import runCase.
if (import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
