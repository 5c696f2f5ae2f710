import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "dotenv";

/** The environments this repository has env files for (Microsoft 365 Agents Toolkit convention). */
export const environments = ["dev", "local", "playground"] as const;
export type EnvironmentName = (typeof environments)[number];

export function isEnvironmentName(value: string): value is EnvironmentName {
  return (environments as readonly string[]).includes(value);
}

/**
 * Reads env/.env.<name>, then env/.env.<name>.user (git-ignored, for secrets and personal overrides),
 * the way the Agents Toolkit layers them.
 */
export function readEnvironment(envDir: string, name: string): Record<string, string> {
  const file = path.join(envDir, `.env.${name}`);
  if (!existsSync(file)) throw new Error(`No environment file ${file}`);
  const values = parse(readFileSync(file));
  const userFile = `${file}.user`;
  if (existsSync(userFile)) Object.assign(values, parse(readFileSync(userFile)));
  return values;
}
