import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort } from "../support/bot-process";

const repoRoot = path.resolve(__dirname, "../..");

/**
 * Compiles the bot the way `npm run build` does (tsconfig.build.json, then the generated Prisma client
 * copied next to it), into a scratch folder inside the repository (test-artifacts/ is git-ignored), so
 * the compiled code finds content/, public/ and prisma/migrations exactly as dist/ does.
 */
export function buildBot(): { outDir: string; remove(): void } {
  const outDir = path.join(repoRoot, "test-artifacts", `build-${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  };
  run([require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", outDir]);
  run(["--import", "tsx", "scripts/build/copy-prisma-client.ts", outDir]);
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface CompiledBot {
  url: string;
  process: ChildProcess;
  output(): { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The node flags and entry of `npm run start:prod`; npm start and the Docker image run the same (deployment-files.test.ts). */
export function productionStart(): { flags: string[]; entry: string } {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const match = /node ((?:--\S+ )*)(dist\/\S+\.js)/.exec(scripts["start:prod"]);
  if (!match) throw new Error("package.json's start:prod does not run `node [flags] dist/….js`");
  return { flags: match[1].split(" ").filter(Boolean), entry: match[2] };
}

/** Starts `node <flags> <outDir>/src/index.js` (what `npm run start:prod` runs) with exactly the given environment. */
export async function startCompiledBot(outDir: string, env: Record<string, string>): Promise<CompiledBot> {
  const port = await freePort();
  const child = spawn(process.execPath, [...productionStart().flags, path.join(outDir, "src", "index.js")], {
    // Another folder than the repository, so nothing depends on the working directory (and no .env is read).
    cwd: outDir,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const bot = { url, process: child, output: () => ({ stdout, stderr }), exited };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return bot; // the caller looks at why
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return bot;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`The compiled bot did not answer /healthz within 60 s:\n${stdout}\n${stderr}`);
}
