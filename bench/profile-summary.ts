// `node out/bench/profile-summary.js FILE.cpuprofile [TOP]`: self time per function and per
// category of a V8 CPU profile (node --cpu-prof), for profiling by hand.
import { summarizeCpuProfile } from './lib/cpu-profile';

const [file, top = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [TOP]');
const summary = summarizeCpuProfile(file, Number(top));
console.log(`total ${summary.totalMs} ms`, summary.categories);
for (const row of summary.top) console.log(`${String(row.selfMs).padStart(7)} ms ${String(row.share).padStart(5)} %  ${row.fn}`);
