import { randomBytes, randomUUID } from "node:crypto";
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from "botbuilder";
import {
  DialogSet,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
} from "botbuilder-dialogs";
import { afterAll, beforeAll } from "vitest";
import { loadContent } from "../../src/domain/content/content-catalog";
import { DownloadStore } from "../../src/domain/incidents/download-store";
import { HandoverStore } from "../../src/domain/incidents/handover-store";
import { IncidentStore } from "../../src/domain/incidents/incident-store";
import { ProgressStore } from "../../src/domain/progress/progress-store";
import { ReflectionStore } from "../../src/domain/reflections/reflection-store";
import { FieldCipher } from "../../src/platform/crypto/field-cipher";
import { openDatabase, type Database } from "../../src/platform/storage/database";
import { applyMigrations } from "../../src/platform/storage/migrate";
import type { BotServices } from "../../src/teams/bot-services";
import { ConversationReferences } from "../../src/teams/conversation-references";
import { createDatabaseTarget, type DatabaseTarget } from "./database-targets";
import { allActions, cardsOf, type Card, type CardAction } from "./test-user";
import type { SentActivity } from "./fake-connector";

const content = loadContent();
const publicBaseUrl = "https://bot.example.test";

/** What the dialogs use of BotServices, built once per test file on a new PGlite database. */
export interface DialogServices {
  services: BotServices;
  database: Database;
}

/**
 * The services the dialogs call, on the real content and real stores over a new PGlite database (as
 * the bot builds them in src/runtime.ts). A dialog that reaches for a service the dialogs do not use
 * fails loudly, naming it, rather than getting a half-made stand-in.
 */
export function useDialogServices(): DialogServices {
  let target: DatabaseTarget | undefined;
  let built: DialogServices | undefined;
  beforeAll(async () => {
    target = await createDatabaseTarget("pglite");
    const database = await openDatabase(target.options);
    await applyMigrations(database);
    const cipher = new FieldCipher({ id: "dialog-test", key: randomBytes(32) });
    const provided: Partial<BotServices> = {
      content,
      progress: new ProgressStore(database.prisma, database.hot),
      reflections: new ReflectionStore(database.prisma, database.hot, cipher),
      incidents: {
        store: new IncidentStore(database.prisma, cipher),
        downloads: new DownloadStore(database.prisma, cipher),
        handovers: new HandoverStore(database.prisma),
        references: new ConversationReferences(database.prisma, database.hot),
        draftCipher: cipher,
        retentionDays: 30,
        publicBaseUrl,
      },
      staticBaseUrl: `${publicBaseUrl}/static`,
      publicBaseUrl,
    };
    const services = new Proxy(provided as BotServices, {
      get(services, name: string) {
        if (!(name in services))
          throw new Error(`The dialog under test used services.${name}, which dialogs do not get`);
        return services[name as keyof BotServices];
      },
    });
    built = { services, database };
  });
  afterAll(async () => {
    await built?.database.close();
    await target?.cleanup();
  });
  const started = (): DialogServices => {
    if (!built) throw new Error("The dialog services start in beforeAll; read them inside a test");
    return built;
  };
  return {
    get services() {
      return started().services;
    },
    get database() {
      return started().database;
    },
  };
}

export interface DialogTestClientOptions<TOptions> {
  /** Passed to the dialog when a turn finds no dialog running (the first turn, or after it ended). */
  initialOptions?: TOptions;
  locale?: string;
  userId?: string;
}

/**
 * BotBuilder's DialogTestClient, without HTTP and without botbuilder-testing: each turn runs the dialog
 * on a TestAdapter, its stack kept in ConversationState over MemoryStorage (what the bot keeps in its
 * bot_state row). A turn continues the running dialog, or begins it when none is running.
 */
export class DialogTestClient<TOptions extends object = object> {
  readonly userId: string;
  readonly conversationId = `a:dialog-test-${randomUUID()}`;
  /** Everything the dialog sent, in order, across turns. */
  readonly transcript: SentActivity[] = [];
  /** What the last turn's dialog call returned. */
  lastResult?: DialogTurnResult;
  private readonly adapter: TestAdapter;
  private readonly storage = new MemoryStorage();
  private readonly conversationState = new ConversationState(this.storage);
  private readonly dialogState = this.conversationState.createProperty<DialogState>("dialogState");
  private dialogs: DialogSet;

  constructor(
    private dialog: Dialog,
    private readonly options: DialogTestClientOptions<TOptions> = {},
  ) {
    this.userId = options.userId ?? `aad-${randomUUID()}`;
    const conversation = TestAdapter.createConversation(this.conversationId);
    conversation.channelId = "msteams";
    conversation.user = { id: `29:${this.userId}`, name: "Test Testsson", aadObjectId: this.userId };
    conversation.conversation = { ...conversation.conversation, conversationType: "personal", tenantId: "tenant-1" };
    this.adapter = new TestAdapter(conversation);
    this.dialogs = this.dialogSetFor(dialog);
  }

  /** Sends typed text or an activity (a card press is `{ value }`); resolves with the dialog's replies. */
  async send(activity: string | Partial<Activity>): Promise<SentActivity[]> {
    return this.turn(activity, async (dc) => {
      const result = await dc.continueDialog();
      return result.status === DialogTurnStatus.empty
        ? dc.beginDialog(this.dialog.id, this.options.initialOptions)
        : result;
    });
  }

  /** Presses the button with this title on the newest card that has it, with the given inputs filled in. */
  press(title: string, inputs: Record<string, string> = {}): Promise<SentActivity[]> {
    const action = this.findAction(title);
    return this.send({ value: { ...(action.data ?? {}), ...inputs } });
  }

  /** The dialog asks its current question again, as the bot does when a paused dialog is resumed. */
  reprompt(): Promise<SentActivity[]> {
    return this.turn({ type: "message", value: {} }, async (dc) => {
      await dc.repromptDialog();
      return { status: dc.activeDialog ? DialogTurnStatus.waiting : DialogTurnStatus.empty };
    });
  }

  /** The same stored stack read by a new dialog object, as after a restart or on another instance. */
  restartWith(dialog: Dialog): void {
    this.dialog = dialog;
    this.dialogs = this.dialogSetFor(dialog);
  }

  findAction(title: string): CardAction {
    for (const card of [...this.cards()].reverse()) {
      const action = allActions(card).find((a) => a.title === title);
      if (action) return action;
    }
    throw new Error(`No button "${title}" on any card the dialog sent`);
  }

  cards(): Card[] {
    return this.transcript.flatMap(cardsOf);
  }

  lastCard(): Card {
    const card = this.cards().at(-1);
    if (!card) throw new Error("The dialog has sent no card");
    return card;
  }

  /**
   * The bytes of the stored conversation state, the dialog stack included, without the eTag: what the
   * bot keeps in a bot_state row's data (its eTag has a column of its own).
   */
  async storedStateBytes(): Promise<number> {
    const { eTag: _eTag, ...data } = await this.storedState();
    return Buffer.byteLength(JSON.stringify(data), "utf8");
  }

  /** How many dialogs are on the stored stack, counting those inside components. */
  async storedStackDepth(): Promise<number> {
    const depthOf = (state: DialogState | undefined): number =>
      (state?.dialogStack ?? []).reduce(
        (depth, instance) => depth + 1 + depthOf(instance.state?.dialogs as DialogState | undefined),
        0,
      );
    return depthOf((await this.storedState()).dialogState as DialogState | undefined);
  }

  private async storedState(): Promise<Record<string, unknown>> {
    const key = `msteams/conversations/${this.conversationId}/`;
    return ((await this.storage.read([key]))[key] ?? {}) as Record<string, unknown>;
  }

  private async turn(
    activity: string | Partial<Activity>,
    run: (dc: DialogContext) => Promise<DialogTurnResult>,
  ): Promise<SentActivity[]> {
    const before = this.adapter.activeQueue.length;
    const request =
      typeof activity === "string" ? { type: "message", text: activity } : { type: "message", ...activity };
    await this.adapter.processActivity({ locale: this.options.locale ?? "sv-SE", ...request }, async (context) => {
      this.lastResult = await run(await this.dialogs.createContext(context));
      await this.conversationState.saveChanges(context);
    });
    const replies = this.adapter.activeQueue.splice(before) as SentActivity[];
    this.transcript.push(...replies);
    return replies;
  }

  private dialogSetFor(dialog: Dialog): DialogSet {
    return new DialogSet(this.dialogState).add(dialog);
  }
}
