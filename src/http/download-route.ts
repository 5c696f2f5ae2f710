import express from "express";
import type { DownloadStore } from "../domain/incidents/download-store";
import { logger } from "../platform/logger";

export interface DownloadRouteOptions {
  /** Plain text for an unknown or expired link, from the ui texts (both languages: there is no locale here). */
  notFoundText?: string;
}

/**
 * `GET /files/:token`: a file behind a short-lived secret link. The token is the only credential, so
 * every failure looks the same (404), and nothing is cached or indexed on the way.
 */
export function createDownloadRouter(downloads: DownloadStore, options: DownloadRouteOptions = {}): express.Router {
  const router = express.Router();
  const notFoundText = options.notFoundText ?? "Not found";

  router.get("/:token", async (req, res) => {
    res.set({
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex",
    });
    try {
      const file = await downloads.take(String(req.params.token));
      if (!file) {
        res.status(404).type("text/plain; charset=utf-8").send(notFoundText);
        return;
      }
      res
        .status(200)
        .set({
          "Content-Type": file.contentType,
          "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
          "Content-Length": String(file.bytes.length),
        })
        .send(file.bytes);
    } catch (error) {
      logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, "download failed");
      res.status(500).type("text/plain; charset=utf-8").send("Internal error");
    }
  });
  return router;
}
