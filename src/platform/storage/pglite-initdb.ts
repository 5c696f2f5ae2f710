import { execFile } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";

/*
 * A first start on an empty data folder runs Postgres's initdb inside PGlite: a second WASM instance and
 * ~430 MB of heap that Node never gives back to the system. Done in a short-lived child process, that
 * memory goes with the child, and the bot opens a finished folder.
 *
 * The child builds the cluster in `<dir>.initdb`, which is renamed into place only when it is complete, so a
 * crash or kill during initdb leaves no half-made folder for the next start to mistake for a database.
 */
const initdbChild = `
const [pglitePath, target] = process.argv.slice(1);
const { PGlite } = require(pglitePath);
PGlite.create(target)
  .then((db) => db.close())
  .then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(String((error && error.message) || error));
      process.exit(1);
    },
  );
`;

/** initdb can take half a minute on a busy machine; a hung child must not hang the start for ever. */
const initdbTimeoutMs = 5 * 60_000;

/**
 * Creates the PGlite cluster in `dir` unless it already holds one. The caller holds the data folder's
 * process lock. Returns the pid of the child that ran initdb, or undefined when nothing was to do.
 */
export async function initialisePgliteDataDir(dir: string): Promise<number | undefined> {
  if (existsSync(path.join(dir, "PG_VERSION"))) return undefined;
  // An empty folder where the cluster goes (e.g. made by hand) makes way; one with files in it is never touched.
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`${dir} holds files but no database; move them away or point DATA_DIR elsewhere.`);
  const building = `${dir}.initdb`;
  rmSync(building, { recursive: true, force: true });
  const pid = await new Promise<number | undefined>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["-e", initdbChild, require.resolve("@electric-sql/pglite"), building],
      { timeout: initdbTimeoutMs, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`initdb of the embedded database in ${dir} failed: ${stderr || error.message}`));
        else resolve(child.pid);
      },
    );
  });
  if (existsSync(dir)) rmdirSync(dir); // the empty folder checked above; rmdir refuses anything more
  renameSync(building, dir);
  return pid;
}
