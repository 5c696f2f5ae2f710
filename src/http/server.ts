import path from "node:path";
import express, { type Express } from "express";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import type { TurnContext } from "botbuilder";
import { createMessagesEndpoint } from "../teams/adapter/messages-endpoint";
import { defaultPublicDir } from "../domain/content/content-catalog";
import { isLanguage, type Language } from "../domain/content/language";
import type { FilmPage } from "./film-player-page";
import type { HtmlPage } from "./facilitator-guide-page";
import { logger } from "../platform/logger";

export interface ServerDependencies {
  adapter: TeamsAdapter;
  /** Runs one turn: the emergency help first, then the Teams application. */
  handleTurn: (context: TurnContext) => Promise<void>;
  /** Ready means: the database answers and the content is loaded. */
  isReady: () => Promise<boolean>;
  publicDir?: string;
  /** The operator's admin API, mounted at /api/admin only when it is configured. */
  adminApi?: express.Router;
  /** Short-lived download links (`/files/<token>`), mounted when given. */
  downloads?: express.Router;
  /** The privacy notice as a web page, for the app manifest's privacy URL. */
  privacyPage?: (language: Language) => string;
  /** Express `trust proxy` (TRUST_PROXY): which proxies may tell the client's address. */
  trustProxy?: boolean | number | string;
  /** The player page of a film the bot serves itself; undefined for a step that has none. */
  filmPage?: (language: Language, themeId: string, stepId: string) => FilmPage | undefined;
  /** The printable facilitator guide of a theme, or a 404 page that lists the guides there are. */
  facilitatorGuidePage?: (language: string, themeId: string) => HtmlPage;
}

/** The bot's own pages: their own CSP, no MIME sniffing, and no address passed on to where their links lead. */
const ownPageHeaders = (contentSecurityPolicy: string) => ({
  "Content-Security-Policy": contentSecurityPolicy,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
});

/** The HTTP edge: Bot Framework messages, health probes and the card images. Nothing else. */
export function createServer({
  adapter,
  handleTurn,
  isReady,
  publicDir = defaultPublicDir,
  adminApi,
  downloads,
  privacyPage,
  trustProxy = false,
  filmPage,
  facilitatorGuidePage,
}: ServerDependencies): Express {
  const server = express();
  server.disable("x-powered-by");
  server.set("trust proxy", trustProxy);

  // Body limit, shape check, authentication, then the turn: see messages-endpoint.ts.
  server.use("/api/messages", createMessagesEndpoint(adapter, handleTurn));

  if (adminApi) server.use("/api/admin", adminApi);
  if (downloads) server.use("/files", downloads);
  if (privacyPage) {
    server.get("/integritet", (_req, res) => void res.type("html").send(privacyPage("sv")));
    server.get("/privacy", (_req, res) => void res.type("html").send(privacyPage("en")));
  }

  if (filmPage) {
    server.get("/film/:language/:themeId/:stepId", (req, res) => {
      const { language, themeId, stepId } = req.params;
      const page = isLanguage(language) ? filmPage(language, themeId, stepId) : undefined;
      if (!page) return void res.status(404).type("text").send("Not found\n");
      res.set(ownPageHeaders(page.contentSecurityPolicy));
      res.type("html").send(page.html);
    });
  }

  if (facilitatorGuidePage) {
    server.get("/guide/:language/:themeId", (req, res) => {
      const page = facilitatorGuidePage(req.params.language, req.params.themeId);
      res.set(ownPageHeaders(page.contentSecurityPolicy));
      res.status(page.status).type("html").send(page.html);
    });
  }

  server.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  server.get("/readyz", async (_req, res) => {
    const ready = await isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready" });
  });

  // Teams fetches card images from the bot's public URL.
  server.use("/static", express.static(path.resolve(publicDir), { maxAge: "1d", fallthrough: false, index: false }));

  // Express's own answers are HTML pages ("Cannot GET /x", or a stack trace outside production): every
  // unknown path and every error gets a short JSON body instead.
  server.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  server.use(((error, _req, res, _next) => {
    const status = typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status >= 500) logger.error({ err: { name: error?.name, message: error?.message } }, "request failed");
    const text = status === 404 ? "not found" : status >= 500 ? "internal error" : "bad request";
    if (!res.headersSent) res.status(status).json({ error: text });
    else res.end();
  }) as express.ErrorRequestHandler);

  return server;
}
