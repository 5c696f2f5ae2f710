import path from "node:path";
import { PackageError, buildAppPackage } from "./app-package/build-package";
import { environments, isEnvironmentName } from "./app-package/environment";

/**
 * `npm run package [-- <environment> | --env <environment>]` (dev, local or playground; default dev):
 * fills appPackage/manifest.json from env/.env.<environment>, writes
 * appPackage/build/appPackage.<environment>.zip and validates it offline. Exit code 1 on any problem.
 *
 * For tests and other layouts: --app-package-dir, --env-dir and --out-dir override the folders.
 */
const repoRoot = path.resolve(__dirname, "..");

function parseArguments(argv: string[]) {
  const options = {
    environment: "dev",
    appPackageDir: path.join(repoRoot, "appPackage"),
    envDir: path.join(repoRoot, "env"),
    outDir: undefined as string | undefined,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === "--env") options.environment = value();
    else if (flag === "--app-package-dir") options.appPackageDir = path.resolve(value());
    else if (flag === "--env-dir") options.envDir = path.resolve(value());
    else if (flag === "--out-dir") options.outDir = path.resolve(value());
    else if (flag.startsWith("--")) throw new Error(`Unknown option ${flag}`);
    else positional.push(argv[i]);
  }
  if (positional.length > 1) throw new Error(`Give at most one environment, not: ${positional.join(" ")}`);
  if (positional[0]) options.environment = positional[0];
  if (!isEnvironmentName(options.environment)) {
    throw new Error(`Unknown environment "${options.environment}"; use one of: ${environments.join(", ")}`);
  }
  return { ...options, outDir: options.outDir ?? path.join(options.appPackageDir, "build") };
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const { zipPath } = await buildAppPackage(options);
  process.stdout.write(`App package for "${options.environment}" written and validated: ${zipPath}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof PackageError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`npm run package failed.\n${message}\n`);
  process.exit(1);
});
