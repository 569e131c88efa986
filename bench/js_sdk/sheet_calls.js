// The official Smartsheet JavaScript SDK as a peer of the call benchmarks: N getSheet calls with C of them in
// flight at once (Node runs them on one thread), against the bench server. Prints one JSON line shaped like
// the C++ clients' (bench/call_timing.hpp): CPU time from process.cpuUsage(), wall time and latencies around
// the timed calls only, after a warm-up.
'use strict';
const path = require('path');

function options(argv) {
  const o = { calls: 10000, concurrency: 4, warmup: 50 };
  for (let i = 2; i + 1 < argv.length; i += 2) o[argv[i].replace(/^--/, '').replace(/-./g, (m) => m[1].toUpperCase())] = argv[i + 1];
  for (const name of ['modules', 'baseUrl', 'token', 'sheet'])
    if (!o[name]) throw new Error(`sheet_calls.js: --${name} is required`);
  return o;
}

async function main() {
  const o = options(process.argv);
  const smartsheet = require(path.join(o.modules, 'smartsheet'));
  const client = smartsheet.createClient({ accessToken: o.token, baseUrl: o.baseUrl.replace(/\/?$/, '/'), logLevel: 'error' });
  const call = () => client.sheets.getSheet({ id: o.sheet });
  const calls = Number(o.calls);
  const concurrency = Number(o.concurrency);

  for (let i = 0; i < Number(o.warmup); ++i) await call();
  const latencies = [];
  let failures = 0;
  let next = 0;
  const lane = async () => {
    while (next < calls) {
      ++next;
      const start = process.hrtime.bigint();
      try {
        const sheet = await call();
        if (!sheet || !sheet.id) ++failures;
      } catch (e) {
        ++failures;
      }
      latencies.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  };
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const wall = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  const used = process.cpuUsage(cpuBefore);
  const cpu = (used.user + used.system) / 1e6;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  console.log(JSON.stringify({
    bench: 'calls', client: 'javascript_sdk', mode: 'concurrent', threads: concurrency, calls, failures,
    wall_s: wall, cpu_s: cpu, cpu_us_per_call: (cpu * 1e6) / calls, calls_per_s: calls / wall,
    p50_us: at(50), p99_us: at(99),
  }));
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(`sheet_calls.js: ${e && e.message ? e.message : e}`);
  process.exitCode = 1;
});
