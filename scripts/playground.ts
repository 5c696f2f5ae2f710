/**
 * `npm run playground`: opens the Microsoft 365 Agents Playground (a local fake of Teams) against
 * the bot already running on http://localhost:${PORT ?? 3978}/api/messages (start it with
 * `npm start` in another terminal; its MicrosoftAppId must be empty, the Playground sends no auth).
 * Mock Teams context (tenant, users) comes from .m365agentsplayground.yml. Ctrl-C stops it.
 *
 *   PORT=3978 PLAYGROUND_PORT=56150 npx tsx scripts/playground.ts
 */
import { startPlayground } from "../test/e2e/support/playground";

async function main(): Promise<void> {
  const botEndpoint = `http://localhost:${process.env.PORT ?? 3978}/api/messages`;
  const port = Number(process.env.PLAYGROUND_PORT ?? 56150);
  const playground = await startPlayground({ botEndpoint, port, inheritOutput: true });
  console.log(`\nAgents Playground: open ${playground.url} in your browser (bot: ${botEndpoint}). Ctrl-C stops it.\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    playground.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // If the Playground dies on its own, exit with it instead of hanging.
  playground.process.child.once("exit", (code) => {
    if (!stopping) process.exit(code ?? 1);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
