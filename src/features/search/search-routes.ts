import { accessCard } from "../../cards/access-card";
import { openArticleAction } from "../../cards/card-actions";
import { articleCard, searchResultsCard } from "../../cards/search-results-card";
import { alsoInGroups, licensedOnly, route, type RouteDeclaration } from "../../teams/route-declaration";
import { composeResultWithCard, sendCard } from "../../teams/send-card";
import type { TurnView } from "../../teams/turn-view";
import type { Home } from "../home/home-routes";
import { searchHelpForComposeBox, type SearchServices } from "./help-search-extension";

/** How much of a typed question the search reads: enough for any question, not a pasted document. */
const questionLength = 500;

/**
 * The help search: any text that is no command is a question (the catch-all), its results' articles,
 * and the compose-box search. A theme in progress keeps waiting for its buttons, so someone who asks
 * something in the middle of a step gets an answer and can go on from there.
 */
export function searchRoutes(deps: { search: SearchServices; home: Home }): RouteDeclaration[] {
  const { search, home } = deps;
  const { content } = search;
  const answerQuestion = async (turn: TurnView) => {
    const question = turn.context.activity.text ?? "";
    const hits = search.search.search(turn.language, question.slice(0, questionLength), 3);
    const themeOf = (themeId: string) => content.theme(turn.language, themeId);
    await sendCard(turn.context, searchResultsCard(turn.ui, turn.language, question, hits, themeOf));
  };
  return [
    route.typed(licensedOnly, answerQuestion),
    route.submit(openArticleAction, licensedOnly, async (turn, action) => {
      const card = articleCard(turn.ui, content, turn.language, action.articleId);
      await (card ? sendCard(turn.context, card) : home.unknownAction(turn));
    }),
    // The search's results go to the person searching, who chooses what to post: in a group too. The
    // licence gate lets everyone in a licensed group through, to take part in a session; searching is
    // using the material on one's own, so it needs the searcher's own access.
    route.composeSearch("searchHelp", alsoInGroups(licensedOnly), async (turn, query) =>
      turn.access?.kind === "notGranted"
        ? composeResultWithCard(accessCard(turn.ui, turn.access))
        : searchHelpForComposeBox(turn, search, query),
    ),
  ];
}
