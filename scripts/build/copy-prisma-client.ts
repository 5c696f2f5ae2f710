import { cpSync, existsSync } from "node:fs";
import path from "node:path";

/**
 * Last step of `npm run build`: tsc compiles src/ to <outDir>/src/ but does not copy the generated
 * Prisma client (JavaScript, type declarations and the query compiler's .wasm), which src/platform/storage
 * imports as ../../generated/prisma. Copies it so the compiled bot finds it at the same relative place.
 *
 * Usage: tsx scripts/build/copy-prisma-client.ts [outDir]   (default dist)
 */
const repoRoot = path.resolve(__dirname, "../..");
const outDir = path.resolve(repoRoot, process.argv[2] ?? "dist");
const source = path.join(repoRoot, "src", "generated", "prisma");
if (!existsSync(path.join(source, "index.js"))) {
  process.stderr.write(`No generated Prisma client in ${source}; run \`npx prisma generate\` first.\n`);
  process.exit(1);
}
cpSync(source, path.join(outDir, "src", "generated", "prisma"), { recursive: true });
