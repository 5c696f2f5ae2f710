import type { TurnContext } from "botbuilder";
import type { Application, TurnState } from "@microsoft/teams-ai";
import { noticeCard } from "../cards/notice-card";
import type { ContentCatalog } from "../domain/content/content-catalog";
import type { ActionSchema, RouteDeclaration, RouteHandlers } from "./route-declaration";
import type { RouteTable } from "./route-table";
import { turnViewOf, type TurnView } from "./turn-view";

/**
 * Registers every declared route with teams-ai, in one loop, each with the selector "this is the route the
 * turn chose" (src/teams/pipeline/chosen-route.ts). The selectors exclude each other, so the catch-all is last by construction
 * and no answer depends on the order the features are listed in. A handler gets the turn view and the
 * action its schema parsed; a value its schema refuses gets the one "unknown action" answer.
 */
export function registerRoutes<TState extends TurnState>(
  app: Application<TState>,
  table: RouteTable,
  content: ContentCatalog,
): void {
  const view = (context: TurnContext, state: TState) => turnViewOf(context, state, content);
  const unknownAction = async (turn: TurnView) => {
    const answer = table.unknownSubmitRoute;
    if (!answer) throw new Error("No route answers an unknown action");
    await answer.handle(turn);
  };
  const unknownActionText = (turn: TurnView) => turn.ui.errors.unknownAction;
  const parsed = (action: ActionSchema, value: unknown) => {
    const result = action.safeParse(value);
    return result.success ? (result.data as never) : undefined;
  };

  for (const declaration of table.declarations) {
    const selector = async (context: TurnContext) => table.chosenRouteOf(context) === declaration;
    const route: RouteDeclaration = declaration;
    switch (route.match.kind) {
      case "command":
      case "greeting":
      case "typed":
      case "unknownSubmit": {
        const handle = route.handle as RouteHandlers["command"];
        app.activity(selector, (context, state) => handle(view(context, state)));
        break;
      }
      case "submit": {
        const { action } = route.match;
        const handle = route.handle as RouteHandlers["submit"];
        app.activity(selector, async (context, state) => {
          const turn = view(context, state);
          const data = parsed(action, context.activity.value);
          await (data ? handle(turn, data) : unknownAction(turn));
        });
        break;
      }
      case "execute": {
        const { action } = route.match;
        const handle = route.handle as RouteHandlers["execute"];
        // Teams sends the inputs as `data` beside the verb; the schema reads them together.
        app.adaptiveCards.actionExecute(selector, async (context, state, inputs) => {
          const turn = view(context, state);
          const verb = (context.activity.value as { action: { verb: unknown } }).action.verb;
          const data = parsed(action, { ...(inputs as object), verb });
          return data ? handle(turn, data) : noticeCard(turn.ui, unknownActionText(turn));
        });
        break;
      }
      case "taskFetch": {
        const { action } = route.match;
        const handle = route.handle as RouteHandlers["taskFetch"];
        app.taskModules.fetch(selector, async (context, state, value) => {
          const turn = view(context, state);
          const data = parsed(action, value);
          return data ? handle(turn, data) : unknownActionText(turn);
        });
        break;
      }
      case "composeSearch": {
        const handle = route.handle as RouteHandlers["composeSearch"];
        app.messageExtensions.query(selector, async (context, state, query) =>
          handle(view(context, state), String(query.parameters?.query ?? "")),
        );
        break;
      }
    }
  }
}
