// `node out/bench/wan-report.js bench/results/<stamp>-wan.json`: the WAN report (markdown on
// stdout) and the hotel chart again from a results file, without running anything, e.g.
// after the report's wording or a summary rule changed.

import { readFileSync, writeFileSync } from 'node:fs';
import { LINK_PROFILES, describeProfile } from './link/profiles';
import { goodputChartSvg } from './wan/goodput-chart';
import { bigBytesFor, type WanResults } from './wan/wan-bench';
import { summarizeWan, wanMarkdown } from './wan/wan-report';

const path = process.argv[2];
if (!path) throw new Error('usage: node out/bench/wan-report.js bench/results/<stamp>-wan.json');
const doc = JSON.parse(readFileSync(path, 'utf8'));
const results: WanResults = doc.results.wan;
if (!results?.runs) throw new Error(`${path} holds no WAN results`);
console.log(wanMarkdown(results, summarizeWan(results)));
const hotel = results.runs.filter((r) => r.profile === 'hotel' && r.workload === 'big' && r.round === 1);
if (hotel.length) {
  const chartPath = path.replace(/-[a-z]+\.json$/, '-hotel-goodput.svg');
  const series = hotel.map((r) => ({ label: results.clients[r.client]?.label ?? r.client, ...r.analysis.goodputSeries, resets: r.analysis.resetsAtSeconds }));
  const title = `Goodput over time on the hotel link (${describeProfile(LINK_PROFILES.hotel)}), ${bigBytesFor(results.plan, 'hotel') / 1024 / 1024} MiB file`;
  writeFileSync(chartPath, goodputChartSvg(series, { title, linkMbps: LINK_PROFILES.hotel.rateBitsPerSecond / 1e6 }));
  console.error(`chart: ${chartPath}`);
}
