import { randomUUID } from "node:crypto";
import type { FakeConnector, SentActivity } from "./fake-connector";

export interface CardAction {
  type: string;
  title: string;
  data?: Record<string, unknown>;
  url?: string;
}
export interface Card {
  type: "AdaptiveCard";
  version: string;
  body: Array<Record<string, unknown>>;
  actions?: CardAction[];
}

export interface TestUserOptions {
  botUrl: string;
  connector: FakeConnector;
  userId?: string;
  tenantId?: string;
  locale?: string;
  conversationId?: string;
  /** "personal" (the default), or "groupChat" / "channel" for a member of a group conversation. */
  conversationType?: string;
  /** The tenant the activity's channelData names, when it is not the conversation's (a guest's own). */
  homeTenantId?: string;
}

/**
 * One official in a personal chat with the bot, talking to it over real HTTP the way Teams does:
 * activities POSTed to /api/messages, replies read back from the fake Bot Connector.
 */
export class TestUser {
  readonly userId: string;
  readonly conversationId: string;
  readonly tenantId: string;
  locale: string;
  private readonly options: TestUserOptions;

  constructor(options: TestUserOptions) {
    this.options = options;
    this.userId = options.userId ?? `aad-${randomUUID()}`;
    this.conversationId = options.conversationId ?? `a:conv-${randomUUID()}`;
    this.tenantId = options.tenantId ?? "00000000-0000-0000-0000-0000000000001";
    this.locale = options.locale ?? "sv-SE";
  }

  /** Sends an activity; resolves with the replies the bot sent while handling it. */
  async post(activity: Record<string, unknown>): Promise<{ status: number; replies: SentActivity[] }> {
    const before = this.options.connector.forConversation(this.conversationId).length;
    const response = await fetch(`${this.options.botUrl}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(this.activity(activity)),
    });
    const replies = this.options.connector.forConversation(this.conversationId).slice(before);
    return { status: response.status, replies };
  }

  /** Sends an invoke (e.g. a compose-box search); resolves with the HTTP status and the invoke response body. */
  async invoke(name: string, value: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.options.botUrl}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(this.activity({ type: "invoke", name, value })),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Presses an Action.Execute button (a universal action): Teams sends it as an adaptiveCard/action invoke. */
  async execute(verb: string, data: Record<string, unknown> = {}): Promise<Card> {
    const { status, body } = await this.invoke("adaptiveCard/action", {
      action: { type: "Action.Execute", verb, data },
    });
    if (status !== 200) throw new Error(`The bot answered the invoke with HTTP ${status}`);
    const response = body as { statusCode: number; type: string; value: Card };
    if (response.type !== "application/vnd.microsoft.card.adaptive")
      throw new Error(`Not a card: ${JSON.stringify(body)}`);
    return response.value;
  }

  async say(text: string): Promise<SentActivity[]> {
    return this.expectOk(await this.post({ type: "message", text }));
  }

  /** A Teams activity from this user in this chat, with the given fields on top. */
  activity(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: "msteams",
      serviceUrl: this.options.connector.url,
      timestamp: new Date().toISOString(),
      locale: this.locale,
      from: { id: `29:${this.userId}`, aadObjectId: this.userId, name: "Test Testsson" },
      recipient: { id: "28:bot", name: "Bot" },
      conversation: {
        id: this.conversationId,
        conversationType: this.options.conversationType ?? "personal",
        tenantId: this.tenantId,
      },
      channelData: { tenant: { id: this.options.homeTenantId ?? this.tenantId } },
      ...fields,
    };
  }

  async submit(data: Record<string, unknown>): Promise<SentActivity[]> {
    return this.expectOk(await this.post({ type: "message", value: data }));
  }

  async install(): Promise<SentActivity[]> {
    return this.expectOk(
      await this.post({ type: "conversationUpdate", membersAdded: [{ id: "28:bot" }, { id: `29:${this.userId}` }] }),
    );
  }

  /** Presses a card button by its title, on the newest card that has it, with the given inputs filled in. */
  async press(title: string, inputs: Record<string, string> = {}): Promise<SentActivity[]> {
    const action = this.findAction(title);
    if (action.type !== "Action.Submit") throw new Error(`"${title}" is a ${action.type}, not a submit button`);
    return this.submit({ ...(action.data ?? {}), ...inputs });
  }

  findAction(title: string): CardAction {
    for (const card of [...this.cards()].reverse()) {
      const action = allActions(card).find((a) => a.title === title);
      if (action) return action;
    }
    throw new Error(`No button "${title}" on any card. Last card: ${JSON.stringify(this.lastCard()).slice(0, 600)}`);
  }

  cards(): Card[] {
    return this.options.connector.forConversation(this.conversationId).flatMap(cardsOf);
  }

  lastCard(): Card {
    const cards = this.cards();
    if (cards.length === 0) throw new Error("The bot has sent no card");
    return cards[cards.length - 1];
  }

  private expectOk({ status, replies }: { status: number; replies: SentActivity[] }): SentActivity[] {
    if (status !== 200) throw new Error(`The bot answered HTTP ${status}`);
    return replies;
  }
}

export function cardsOf(activity: SentActivity): Card[] {
  return (activity.attachments ?? [])
    .filter((a) => a.contentType === "application/vnd.microsoft.card.adaptive")
    .map((a) => a.content as Card);
}

/** Every button on a card, including those inside ActionSets in the body. */
export function allActions(card: Card): CardAction[] {
  const found: CardAction[] = [...(card.actions ?? [])];
  const visit = (element: unknown) => {
    if (!element || typeof element !== "object") return;
    const record = element as Record<string, unknown>;
    if (record.type === "ActionSet") found.push(...((record.actions as CardAction[]) ?? []));
    for (const value of Object.values(record)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  card.body.forEach(visit);
  return found;
}

/** All the text a person would read on a card, for assertions. */
export function cardText(card: Card): string {
  const texts: string[] = [];
  const visit = (element: unknown) => {
    if (!element || typeof element !== "object") return;
    const record = element as Record<string, unknown>;
    if (record.type === "TextBlock" && typeof record.text === "string") texts.push(record.text);
    if (record.type === "FactSet")
      for (const fact of record.facts as Array<{ title: string; value: string }>)
        texts.push(`${fact.title}: ${fact.value}`);
    for (const value of Object.values(record)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  card.body.forEach(visit);
  return texts.join("\n");
}
