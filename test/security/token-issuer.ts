import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

/** The issuer of the tokens the Bot Framework channel (Teams) sends to a bot. */
export const channelIssuer = "https://api.botframework.com";

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function newSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** A JWT signed RS256 with node:crypto, the way the Bot Connector signs the tokens it sends. */
export function signToken(
  key: SigningKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const head = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: key.kid, ...header }));
  const body = base64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key.privateKey);
  return `${head}.${body}.${base64url(signature)}`;
}

/** The same claims with `alg: none` and no signature. */
export function unsignedToken(kid: string, claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: "none", typ: "JWT", kid }))}.${base64url(JSON.stringify(claims))}.`;
}

/**
 * Stands in for login.botframework.com: an OpenID metadata document and the JWKS it points to, with the
 * channel endorsements the Bot Framework puts on its keys.
 */
export class TokenIssuer {
  private server?: Server;
  readonly published: Array<{ key: SigningKey; endorsements: string[] }> = [];
  metadataRequests = 0;

  publish(key: SigningKey, endorsements: string[] = ["msteams"]): void {
    this.published.push({ key, endorsements });
  }

  async start(): Promise<void> {
    const app = express();
    app.get("/v1/.well-known/openidconfiguration", (_req, res) => {
      this.metadataRequests++;
      res.json({
        issuer: channelIssuer,
        authorization_endpoint: `${this.url}/v1/authorize`,
        jwks_uri: `${this.url}/v1/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
      });
    });
    app.get("/v1/keys", (_req, res) => {
      res.json({
        keys: this.published.map(({ key, endorsements }) => ({
          ...key.publicKey.export({ format: "jwk" }),
          kid: key.kid,
          use: "sig",
          endorsements,
        })),
      });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
