import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Config } from "../config/config";

/** With no app id configured the adapter runs anonymously (local development and the Playground). */
export function createTeamsAdapter(config: Config): TeamsAdapter {
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType ?? (config.MicrosoftAppId ? "SingleTenant" : undefined),
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  return new TeamsAdapter(credentials, new ConfigurationServiceClientCredentialFactory(credentials));
}
