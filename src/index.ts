import "dotenv/config";
import { loadConfig } from "./platform/config";
import { logger } from "./platform/logger";
import { startBot } from "./runtime";

/** Process entry: configuration in, HTTP server up, graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const bot = await startBot(loadConfig());
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    bot.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  // Start-up errors (bad configuration, bad content) are written for the person starting the bot.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
