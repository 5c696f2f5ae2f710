import type { TurnContext } from "botbuilder";
import { helpCard } from "../../cards/help-card";
import { menuCard } from "../../cards/menu-card";
import { myReflectionsCard, myReflectionsDownloadCard } from "../../cards/my-reflections-card";
import { noticeCard } from "../../cards/notice-card";
import { welcomeCard } from "../../cards/welcome-card";
import type { UiText } from "../../domain/content/ui-text-schema";
import { defaultDownloadTtlMinutes } from "../../domain/incidents/download-store";
import { progressStatus } from "../../domain/progress/progress-store";
import { reflectionsPdfFile } from "../../domain/reflections/reflections-file";
import { accessCardFor, accessOf } from "../../teams/access-check";
import type { BotServices } from "../../teams/bot-services";
import { sendCard } from "../../teams/send-card";
import { knownUserOf, languageOf } from "../../teams/turn-facts";

/** The bot's cards outside a theme, each filled from the domain services for this user and language. */
export class Screens {
  constructor(private readonly services: BotServices) {}

  ui(context: TurnContext): UiText {
    return this.services.content.ui(languageOf(context));
  }

  async welcome(context: TurnContext): Promise<void> {
    await sendCard(context, welcomeCard(this.ui(context), { hasAccess: accessOf(context)?.kind === "granted" }));
    await this.home(context);
  }

  /** The menu for those with access; for everyone else, why not and what to do. */
  async home(context: TurnContext): Promise<void> {
    const access = accessOf(context);
    if (access && access.kind !== "granted")
      await sendCard(context, await accessCardFor(context, this.services, access));
    else await this.menu(context);
  }

  async menu(context: TurnContext): Promise<void> {
    const progress = await this.services.progress.listForUser(knownUserOf(context).userId);
    const language = languageOf(context);
    const { content } = this.services;
    const entries = [...content.themes(language), ...content.paths(language)].map((theme) => ({
      theme,
      status: progressStatus(progress.find((p) => p.themeId === theme.id)),
    }));
    const access = accessOf(context);
    const isOfficer = access?.kind === "granted" && access.role === "officer";
    await sendCard(context, menuCard(this.ui(context), entries, { isOfficer }));
  }

  async help(context: TurnContext): Promise<void> {
    await sendCard(context, helpCard(this.ui(context), this.services.content.paths(languageOf(context))));
  }

  async myReflections(context: TurnContext): Promise<void> {
    const language = languageOf(context);
    const reflections = await this.services.reflections.listForUser(knownUserOf(context).userId);
    await sendCard(
      context,
      myReflectionsCard({
        ui: this.ui(context),
        language,
        reflections,
        themeById: (themeId) => this.services.content.theme(language, themeId),
      }),
    );
  }

  /** The saved reflections as a PDF behind a short-lived link, made from what is saved at the press. */
  async downloadMyReflections(context: TurnContext): Promise<void> {
    const language = languageOf(context);
    const ui = this.ui(context);
    const { userId } = knownUserOf(context);
    const reflections = await this.services.reflections.listForUser(userId);
    const file = reflectionsPdfFile(ui, language, reflections, (themeId) =>
      this.services.content.theme(language, themeId),
    );
    const { downloads, publicBaseUrl } = this.services.incidents;
    const token = await downloads.create(userId, file.fileName, file.contentType, file.bytes);
    await sendCard(
      context,
      myReflectionsDownloadCard(ui, `${publicBaseUrl}/files/${token}`, defaultDownloadTtlMinutes),
    );
  }

  async notice(context: TurnContext, text: (ui: UiText) => string): Promise<void> {
    const ui = this.ui(context);
    await sendCard(context, noticeCard(ui, text(ui)));
  }
}
