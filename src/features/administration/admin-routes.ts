import { adminActions, showAdminAction } from "../../cards/card-actions";
import { licensedOnly, route, type RouteDeclaration } from "../../teams/route-declaration";
import { sendCard } from "../../teams/send-card";
import type { TurnView } from "../../teams/turn-view";
import { AdminFlow, type AdminServices } from "./admin-flow";

/**
 * `admin` and the menu's administration button, and the administration card's Action.Execute buttons,
 * each answered with the refreshed card in place of the pressed one.
 */
export function adminRoutes(services: AdminServices): RouteDeclaration[] {
  const admin = new AdminFlow(services);
  const showCard = async (turn: TurnView) => sendCard(turn.context, await admin.card(turn));
  return [
    route.command("admin", licensedOnly, showCard),
    route.submit(showAdminAction, licensedOnly, showCard),
    route.execute(adminActions, licensedOnly, (turn, action) => admin.act(turn, action)),
  ];
}
