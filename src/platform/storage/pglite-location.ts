import path from "node:path";

/** Where the embedded database lives inside DATA_DIR, and the lock file that says which process has it open. */
export function pgliteDataDir(dataDir: string): string {
  return path.resolve(dataDir, "pgdata");
}

export function pgliteLockFile(dataDir: string): string {
  return `${pgliteDataDir(dataDir)}.lock`;
}
