import { helpCard } from "../../cards/help-card";
import { menuCard } from "../../cards/menu-card";
import { myReflectionsCard, myReflectionsDownloadCard } from "../../cards/my-reflections-card";
import { welcomeCard } from "../../cards/welcome-card";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import { defaultDownloadTtlMinutes, type DownloadStore } from "../../domain/incidents/download-store";
import type { Licensing } from "../../domain/licensing/licensing";
import { progressStatus, type ProgressStore } from "../../domain/progress/progress-store";
import type { ReflectionStore } from "../../domain/reflections/reflection-store";
import { reflectionsPdfFile } from "../../domain/reflections/reflections-file";
import { accessCardFor } from "../../teams/access-check";
import { sendCard } from "../../teams/send-card";
import { officerOrganisationOf, type TurnView } from "../../teams/turn-view";

export interface ScreenServices {
  content: ContentCatalog;
  licensing: Licensing;
  progress: ProgressStore;
  reflections: ReflectionStore;
  downloads: DownloadStore;
  /** PUBLIC_URL without a trailing slash; download links are `${publicBaseUrl}/files/<token>`. */
  publicBaseUrl: string;
}

/** The bot's cards outside a theme, each filled from the domain services for this user and language. */
export class Screens {
  constructor(private readonly services: ScreenServices) {}

  async welcome(turn: TurnView): Promise<void> {
    await sendCard(turn.context, welcomeCard(turn.ui, { hasAccess: turn.access?.kind === "granted" }));
    await this.home(turn);
  }

  /** The menu for those with access; for everyone else, why not and what to do. */
  async home(turn: TurnView): Promise<void> {
    const { access } = turn;
    if (access && access.kind !== "granted")
      await sendCard(turn.context, await accessCardFor(turn.context, this.services, access));
    else await this.menu(turn);
  }

  async menu(turn: TurnView): Promise<void> {
    const progress = await this.services.progress.listForUser(turn.user.userId);
    const { content } = this.services;
    const entries = [...content.themes(turn.language), ...content.paths(turn.language)].map((theme) => ({
      theme,
      status: progressStatus(progress.find((p) => p.themeId === theme.id)),
    }));
    await sendCard(turn.context, menuCard(turn.ui, entries, { isOfficer: officerOrganisationOf(turn) !== undefined }));
  }

  async help(turn: TurnView): Promise<void> {
    await sendCard(turn.context, helpCard(turn.ui, this.services.content.paths(turn.language)));
  }

  async myReflections(turn: TurnView): Promise<void> {
    const reflections = await this.services.reflections.listForUser(turn.user.userId);
    await sendCard(
      turn.context,
      myReflectionsCard({
        ui: turn.ui,
        language: turn.language,
        reflections,
        themeById: (themeId) => this.services.content.theme(turn.language, themeId),
      }),
    );
  }

  /** The saved reflections as a PDF behind a short-lived link, made from what is saved at the press. */
  async downloadMyReflections(turn: TurnView): Promise<void> {
    const { userId } = turn.user;
    const reflections = await this.services.reflections.listForUser(userId);
    const file = reflectionsPdfFile(turn.ui, turn.language, reflections, (themeId) =>
      this.services.content.theme(turn.language, themeId),
    );
    const { downloads, publicBaseUrl } = this.services;
    const token = await downloads.create(userId, file.fileName, file.contentType, file.bytes);
    await sendCard(
      turn.context,
      myReflectionsDownloadCard(turn.ui, `${publicBaseUrl}/files/${token}`, defaultDownloadTtlMinutes),
    );
  }
}
