import { openOrderFormAction, submitOrderAction } from "../../cards/card-actions";
import type { Licensing } from "../../domain/licensing/licensing";
import { openToAll, route, type RouteDeclaration } from "../../teams/route-declaration";
import { sendCard } from "../../teams/send-card";
import type { TurnView } from "../../teams/turn-view";
import { OrderFlow } from "./order-flow";

/** `beställ`, the access card's order button and the form's Action.Execute: open, as they lead to a licence. */
export function orderRoutes(licensing: Licensing): RouteDeclaration[] {
  const orders = new OrderFlow(licensing);
  const showForm = async (turn: TurnView) => sendCard(turn.context, await orders.formOrReason(turn));
  return [
    route.command("order", openToAll, showForm),
    route.submit(openOrderFormAction, openToAll, showForm),
    route.execute(submitOrderAction, openToAll, (turn, inputs) => orders.submit(turn, inputs)),
  ];
}
