// bench.mjs measures aws-local-stepfunctions on the two benchmark machines
// of docflow's Step Functions engine, so compare_bench_test.go can print both
// side by side from one run:
//   - passChain100: 100 Pass states in a row (100 transitions per execution);
//   - map10000: a Map over 10,000 items whose processor is one Pass state
//     (1 + 10,000 transitions per execution).
// Usage: node bench.mjs [--chain-runs N] [--map-runs N]
// Prints one JSON object: {"passChain100": {...}, "map10000": {...}}.

import { StateMachine } from 'aws-local-stepfunctions';

function arg(name, def) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function passChain(n) {
  const States = {};
  for (let i = 0; i < n; i++) {
    States[`P${i}`] = i === n - 1 ? { Type: 'Pass', End: true } : { Type: 'Pass', Next: `P${i + 1}` };
  }
  return { StartAt: 'P0', States };
}

const mapMachine = {
  StartAt: 'M',
  States: {
    M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
  },
};

async function measure(def, input, transitions, runs) {
  const sm = new StateMachine(def);
  await sm.run(input).result; // warm-up: JIT and module caches
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await sm.run(input).result;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { runs, seconds, transitions: transitions * runs, transitionsPerSecond: (transitions * runs) / seconds };
}

const items = Array.from({ length: 10000 }, (_, i) => i);
const out = {
  passChain100: await measure(passChain(100), { doc: 'd', n: 1 }, 100, arg('--chain-runs', 2000)),
  map10000: await measure(mapMachine, items, 1 + items.length, arg('--map-runs', 5)),
};
console.log(JSON.stringify(out));
