import { CallerIdConstants, ConfigurationServiceClientCredentialFactory } from "botbuilder";
import type { TeamsAdapter } from "@microsoft/teams-ai";
import { AuthenticationConstants } from "botframework-connector";
import type { Config } from "../../platform/config";
import type { ConnectorClientOptions } from "./connector-http-client";
import { StrictlyAuthenticatingTeamsAdapter } from "./strict-authentication";

/** With no app id configured the adapter runs anonymously (local development and the Playground). */
export function createTeamsAdapter(config: Config, connectorClientOptions?: ConnectorClientOptions): TeamsAdapter {
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType ?? (config.MicrosoftAppId ? "SingleTenant" : undefined),
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  return new StrictlyAuthenticatingTeamsAdapter(
    { ...credentials, ...channelEndpoints(config) },
    new ConfigurationServiceClientCredentialFactory(credentials),
    undefined,
    connectorClientOptions,
  );
}

/**
 * Where the channel's signing keys are published. Unset: botbuilder's public-cloud defaults. Set: botbuilder
 * switches to "every endpoint given explicitly", so the other public-cloud values are passed with it.
 */
function channelEndpoints(config: Config): Record<string, string> {
  if (!config.BotOpenIdMetadata) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: config.BotOpenIdMetadata,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
