import type { TurnContext } from "botbuilder";
import type { Application, TurnState } from "@microsoft/teams-ai";
import { noticeCard } from "../../cards/notice-card";
import {
  eraseConfirmCard,
  erasedCard,
  exportReadyCard,
  lastOfficerCard,
  myDataCard,
  privacyNoticeCard,
} from "../../cards/privacy-cards";
import type { UiText } from "../../domain/content/ui-text-schema";
import { defaultDownloadTtlMinutes } from "../../domain/incidents/download-store";
import { logger } from "../../platform/logger";
import type { DataSubject } from "../../domain/privacy/user-data";
import { userDataJsonFile, userDataPdfFile } from "../../domain/privacy/user-data-file";
import type { BotServices } from "../../teams/bot-services";
import { routeIs } from "../../teams/route-table";
import { sendCard } from "../../teams/send-card";
import { knownUserOf, languageOf, tenantOf } from "../../teams/turn-facts";

type Handler = (context: TurnContext, state: TurnState) => Promise<void>;

/**
 * `mina data` / `my data`, `integritet` / `privacy` and their buttons, in one registration (call it
 * before the catch-all). The day's use the inactivity retention counts from is recorded by the turn
 * pipeline (src/teams/pipeline/activity-bookkeeping.ts).
 */
export function registerPrivacyRoutes<TState extends TurnState>(
  app: Application<TState>,
  { services }: { services: BotServices },
): void {
  const { privacy } = services;
  const ui = (context: TurnContext): UiText => services.content.ui(languageOf(context));

  const subjectOf = (context: TurnContext): DataSubject => ({
    userId: knownUserOf(context).userId,
    tenantId: tenantOf(context),
    channelUserId: context.activity.from?.id,
    conversationIds: context.activity.conversation?.id ? [context.activity.conversation.id] : [],
  });

  const showNotice: Handler = async (context) =>
    sendCard(context, privacyNoticeCard(ui(context), privacy.notices[languageOf(context)]));
  const showMyData: Handler = async (context) =>
    sendCard(context, myDataCard(ui(context), await privacy.userData.counts(subjectOf(context))));

  const exportData: Handler = async (context) => {
    const language = languageOf(context);
    const texts = ui(context);
    const subject = subjectOf(context);
    const data = await privacy.userData.collect(subject);
    const themeTitle = (themeId: string) => services.content.theme(language, themeId)?.title ?? themeId;
    const base = texts.privacy.export.fileName;
    const files = [userDataJsonFile(data, base), userDataPdfFile(texts, language, data, themeTitle, base)];
    const [json, pdf] = await Promise.all(
      files.map((file) =>
        services.incidents.downloads.create(subject.userId, file.fileName, file.contentType, file.bytes),
      ),
    );
    const link = (token: string) => `${services.incidents.publicBaseUrl}/files/${token}`;
    await sendCard(context, exportReadyCard(texts, { json: link(json), pdf: link(pdf) }, defaultDownloadTtlMinutes));
  };

  const eraseData: Handler = async (context, state) => {
    const subject = subjectOf(context);
    const result = await privacy.userData.erase(subject);
    if (result.kind === "lastOfficer") {
      await sendCard(context, lastOfficerCard(ui(context), result.organisations));
      return;
    }
    privacy.activity.forget(subject.userId);
    // The turn's own state would otherwise be written back when the turn ends.
    state.deleteConversationState();
    state.deleteUserState();
    logger.info({ erased: result.erased }, "user data erased on request");
    await sendCard(context, erasedCard(ui(context), result.erased));
  };

  // Whether these work without a licence is said in route-table.ts (they do: they are the user's rights).
  app.message(routeIs.command("myData"), showMyData);
  app.message(routeIs.command("privacy"), showNotice);
  app.adaptiveCards.actionSubmit(routeIs.submit("showPrivacy"), showNotice);
  app.adaptiveCards.actionSubmit(routeIs.submit("showMyData"), showMyData);
  app.adaptiveCards.actionSubmit(routeIs.submit("privacyExport"), exportData);
  app.adaptiveCards.actionSubmit(routeIs.submit("privacyErase"), async (context) =>
    sendCard(context, eraseConfirmCard(ui(context))),
  );
  app.adaptiveCards.actionSubmit(routeIs.submit("privacyEraseConfirm"), eraseData);
  app.adaptiveCards.actionSubmit(routeIs.submit("privacyEraseCancel"), async (context) =>
    sendCard(context, noticeCard(ui(context), ui(context).privacy.erase.cancelled)),
  );
}
