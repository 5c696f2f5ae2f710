import { readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * PGlite lets a second process open the same data folder, and two writers corrupt it. A pid file
 * turns that into a clear start-up error. A file left by a killed process (kill -9) is taken over,
 * since its pid no longer runs.
 */
export function acquireProcessLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
      if (holder !== process.pid && isRunning(holder)) {
        throw new Error(
          `The embedded database in ${lockFile.replace(/\.lock$/, "")} is in use by another process (pid ${holder}). ` +
            "Only one bot can use it at a time: stop the other one, or set DATABASE_URL to share PostgreSQL.",
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
