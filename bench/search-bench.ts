/**
 * `npm run bench:search`: builds the help search from the real content, runs every labelled query
 * in bench/search-queries.yaml, and prints recall@1, recall@3, query times and the misses.
 * Targets: recall@1 >= 0.9, recall@3 >= 0.97 and p99 < 5 ms.
 */
import { evaluate, loadLabelledQueries } from "../src/domain/search/evaluate";
import { loadHelpSearch } from "../src/domain/search/build-help-search";

const rounds = 50;
const warmUpRounds = 5;
const targets = { recallAt1: 0.9, recallAt3: 0.97, p99Ms: 5 };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function main(): void {
  const buildStart = performance.now();
  const search = loadHelpSearch();
  const buildMs = performance.now() - buildStart;
  const queries = loadLabelledQueries();

  for (let round = 0; round < warmUpRounds; round++) {
    for (const q of queries) search.search(q.language, q.query);
  }
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const start = performance.now();
      search.search(q.language, q.query);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);

  const result = evaluate(search, queries);
  const median = percentile(times, 50);
  const p99 = percentile(times, 99);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

  console.log(`Help search benchmark: ${queries.length} labelled queries, ${rounds} rounds after warm-up`);
  console.log(`  index built in      ${buildMs.toFixed(0)} ms`);
  console.log(`  recall@1            ${result.recallAt1.toFixed(3)} (${pct(result.recallAt1)})`);
  console.log(`  recall@3            ${result.recallAt3.toFixed(3)} (${pct(result.recallAt3)})`);
  console.log(`  median query time   ${median.toFixed(3)} ms`);
  console.log(`  p99 query time      ${p99.toFixed(3)} ms`);
  console.log(`  max query time      ${times[times.length - 1].toFixed(3)} ms`);
  if (result.misses.length > 0) {
    console.log(`\nMissed (${result.misses.length}): query -> expected; found`);
    for (const miss of result.misses) {
      const found = miss.found.length > 0 ? miss.found.join(", ") : "(nothing)";
      console.log(`  [${miss.query.language}] "${miss.query.query}" -> ${miss.query.expect}; ${found}`);
    }
  }
  const ok = result.recallAt1 >= targets.recallAt1 && result.recallAt3 >= targets.recallAt3 && p99 < targets.p99Ms;
  console.log(
    `\n${ok ? "OK" : "BELOW TARGET"}: recall@1 >= ${targets.recallAt1}, recall@3 >= ${targets.recallAt3} and p99 < ${targets.p99Ms} ms`,
  );
  if (!ok) process.exitCode = 1;
}

main();
