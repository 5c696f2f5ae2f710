import type { TurnState } from "@microsoft/teams-ai";
import {
  privacyEraseAction,
  privacyEraseCancelAction,
  privacyEraseConfirmAction,
  privacyExportAction,
  showMyDataAction,
  showPrivacyAction,
} from "../../cards/card-actions";
import {
  eraseConfirmCard,
  erasedCard,
  exportReadyCard,
  lastOfficerCard,
  myDataCard,
  privacyNoticeCard,
} from "../../cards/privacy-cards";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { defaultDownloadTtlMinutes, type DownloadStore } from "../../domain/incidents/download-store";
import { logger } from "../../platform/logger";
import type { PrivacyServices } from "../../domain/privacy/privacy-services";
import type { DataSubject } from "../../domain/privacy/user-data";
import { userDataJsonFile, userDataPdfFile } from "../../domain/privacy/user-data-file";
import { openToAll, route, type RouteDeclaration } from "../../teams/route-declaration";
import { sendCard } from "../../teams/send-card";
import { sendNotice, type TurnView } from "../../teams/turn-view";

export interface PrivacyRouteServices {
  content: ContentCatalog;
  privacy: PrivacyServices;
  downloads: DownloadStore;
  /** PUBLIC_URL without a trailing slash; download links are `${publicBaseUrl}/files/<token>`. */
  publicBaseUrl: string;
}

/**
 * `mina data` / `my data`, `integritet` / `privacy` and their buttons: open without a licence, as they are
 * the user's rights. The day's use the inactivity retention counts from is recorded by the turn pipeline
 * (src/teams/pipeline/activity-bookkeeping.ts), except for the erase that would leave it behind.
 */
export function privacyRoutes(services: PrivacyRouteServices): RouteDeclaration[] {
  const { privacy } = services;

  const subjectOf = (turn: TurnView): DataSubject => ({
    userId: turn.user.userId,
    tenantId: turn.tenantId,
    channelUserId: turn.context.activity.from?.id,
    conversationIds: turn.context.activity.conversation?.id ? [turn.context.activity.conversation.id] : [],
  });

  const showNotice = async (turn: TurnView) =>
    sendCard(turn.context, privacyNoticeCard(turn.ui, privacy.notices[turn.language]));
  const showMyData = async (turn: TurnView) =>
    sendCard(turn.context, myDataCard(turn.ui, await privacy.userData.counts(subjectOf(turn))));

  const exportData = async (turn: TurnView) => {
    const { language, ui } = turn;
    const subject = subjectOf(turn);
    const data = await privacy.userData.collect(subject);
    const themeTitle = (themeId: string) => services.content.theme(language, themeId)?.title ?? themeId;
    const base = ui.privacy.export.fileName;
    const files = [userDataJsonFile(data, base), userDataPdfFile(ui, language, data, themeTitle, base)];
    const [json, pdf] = await Promise.all(
      files.map((file) => services.downloads.create(subject.userId, file.fileName, file.contentType, file.bytes)),
    );
    const link = (token: string) => `${services.publicBaseUrl}/files/${token}`;
    await sendCard(turn.context, exportReadyCard(ui, { json: link(json), pdf: link(pdf) }, defaultDownloadTtlMinutes));
  };

  const eraseData = async (turn: TurnView) => {
    const subject = subjectOf(turn);
    const result = await privacy.userData.erase(subject);
    if (result.kind === "lastOfficer") {
      await sendCard(turn.context, lastOfficerCard(turn.ui, result.organisations));
      return;
    }
    privacy.activity.forget(subject.userId);
    // The turn's own state would otherwise be written back when the turn ends.
    const state: TurnState = turn.state;
    state.deleteConversationState();
    state.deleteUserState();
    logger.info({ erased: result.erased }, "user data erased on request");
    await sendCard(turn.context, erasedCard(turn.ui, result.erased));
  };

  return [
    route.command("myData", openToAll, showMyData),
    route.command("privacy", openToAll, showNotice),
    route.submit(showPrivacyAction, openToAll, showNotice),
    route.submit(showMyDataAction, openToAll, showMyData),
    route.submit(privacyExportAction, openToAll, exportData),
    route.submit(privacyEraseAction, openToAll, async (turn) => sendCard(turn.context, eraseConfirmCard(turn.ui))),
    route.submit(privacyEraseConfirmAction, { ...openToAll, erasesTheUser: true }, eraseData),
    route.submit(privacyEraseCancelAction, openToAll, (turn) => sendNotice(turn, turn.ui.privacy.erase.cancelled)),
  ];
}
