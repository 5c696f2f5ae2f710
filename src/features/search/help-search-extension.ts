import type { MessagingExtensionAttachment, MessagingExtensionResult } from "botbuilder";
import { articleCard } from "../../cards/search-results-card";
import type { ContentCatalog } from "../../domain/content/content-catalog";
import type { HelpSearch, SearchHit } from "../../domain/search/help-search";
import type { TurnView } from "../../teams/turn-view";

export interface SearchServices {
  content: ContentCatalog;
  search: HelpSearch;
}

/** How many results the compose-box search lists; Teams shows them as a list with previews. */
const resultCount = 8;

/**
 * The message extension: look up help from any chat's compose box and insert it as a card. An empty
 * query lists the most-used articles.
 */
export function searchHelpForComposeBox(
  turn: TurnView,
  services: SearchServices,
  query: string,
): MessagingExtensionResult {
  const { language, ui } = turn;
  const trimmed = query.trim().slice(0, 200);
  const hits = trimmed
    ? services.search.search(language, trimmed, resultCount)
    : services.search.topArticles(language, resultCount);
  const attachments = hits.flatMap((hit): MessagingExtensionAttachment[] => {
    const card = hit.kind === "article" ? articleCard(ui, services.content, language, hit.id) : undefined;
    if (!card) return stepAttachment(hit);
    return [{ contentType: "application/vnd.microsoft.card.adaptive", content: card, preview: preview(hit) }];
  });
  return { type: "result", attachmentLayout: "list", attachments };
}

function preview(hit: SearchHit): MessagingExtensionAttachment {
  return { contentType: "application/vnd.microsoft.card.thumbnail", content: { title: hit.title, text: hit.excerpt } };
}

/** A theme step is shared as its title and excerpt; the full step lives in the bot's own chat. */
function stepAttachment(hit: SearchHit): MessagingExtensionAttachment[] {
  return [{ ...preview(hit), preview: preview(hit) }];
}
