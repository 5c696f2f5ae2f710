import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdminApi } from "./operator/admin-api";
import { createApp } from "./app";
import { EmergencyResponder } from "./features/quick-help/emergency-responder";
import type { BotServices } from "./teams/bot-services";
import type { RouteTable } from "./teams/route-table";
import { createTeamsAdapter } from "./teams/adapter/teams-adapter";
import { ConversationReferences } from "./teams/conversation-references";
import { createDownloadRouter } from "./http/download-route";
import { DownloadStore } from "./domain/incidents/download-store";
import { HandoverStore } from "./domain/incidents/handover-store";
import { IncidentStore } from "./domain/incidents/incident-store";
import { startRetentionSchedule } from "./domain/privacy/retention";
import type { Config } from "./platform/config";
import { loadContent } from "./domain/content/content-catalog";
import { GreetingLog } from "./domain/conversations/greeting-log";
import { GroupSessionStore } from "./domain/group-sessions/group-session-store";
import { groupSessionPersonalData } from "./domain/group-sessions/group-session-personal-data";
import { createLicensing } from "./domain/licensing/licensing";
import { ensureDemoLicence, playgroundTenantId } from "./domain/licensing/demo-licence";
import { logger, setLogLevel } from "./platform/logger";
import { parsePreviousKeys, resolveEncryptionKey } from "./platform/crypto/encryption-key";
import { privacyServices, privacyPurges } from "./domain/privacy/privacy-runtime";
import { FieldCipher } from "./platform/crypto/field-cipher";
import { privacyPageHtml } from "./http/privacy-page";
import { filmPageForStep } from "./http/film-player-page";
import { facilitatorGuidePage } from "./http/facilitator-guide-page";
import { ProgressStore } from "./domain/progress/progress-store";
import { ReflectionStore } from "./domain/reflections/reflection-store";
import { handoverPersonalData } from "./domain/incidents/handover-personal-data";
import { reminderPersonalData } from "./domain/reminders/reminder-personal-data";
import { reminderQueue, ReminderStore } from "./domain/reminders/reminder-store";
import { invitationResendQueue, InvitationStore } from "./domain/reminders/invitation-store";
import { invitationPersonalData } from "./domain/reminders/invitation-personal-data";
import { startDeliverySchedule } from "./domain/reminders/delivery-schedule";
import { reminderDelivery } from "./features/reminders/reminder-delivery";
import { invitationResend } from "./features/reminders/invitations";
import { helpSearchFrom } from "./domain/search/build-help-search";
import { createServer } from "./http/server";
import { DatabaseStorage } from "./teams/bot-state-storage";
import { botStatePersonalData } from "./teams/bot-state-personal-data";
import { conversationReferencePersonalData } from "./teams/conversation-reference-personal-data";
import { turnBookkeepingPersonalData } from "./teams/turn-bookkeeping-personal-data";
import { greetingPersonalData } from "./domain/conversations/greeting-personal-data";
import { downloadPersonalData } from "./domain/incidents/download-personal-data";
import { incidentPersonalData } from "./domain/incidents/incident-personal-data";
import { licensingPersonalData } from "./domain/licensing/licensing-personal-data";
import type { PersonalDataRegistry } from "./domain/privacy/personal-data";
import { userActivityPersonalData } from "./domain/privacy/user-activity-personal-data";
import { progressPersonalData } from "./domain/progress/progress-personal-data";
import { reflectionPersonalData } from "./domain/reflections/reflection-personal-data";
import type { PrismaClient } from "./generated/prisma";
import { openDatabase, type Database } from "./platform/storage/database";
import { applyMigrations } from "./platform/storage/migrate";
import { turnScoped } from "./platform/storage/turn-transaction";
import { reliableConnectorOptions } from "./teams/adapter/connector-http-client";
import { createTurnPipeline, pingWithin } from "./teams/pipeline/create-turn-pipeline";
import type { PipelineStats } from "./teams/pipeline/pipeline-stats";
import { DatabaseReadiness } from "./platform/reliability/database-readiness";

export interface RunningBot {
  readonly port: number;
  readonly database: Database;
  readonly services: BotServices;
  /** Every declared route: what the licence gate and the router read. */
  readonly routes: RouteTable;
  /** Counters of the reliability layer (duplicates, conflict retries, degraded answers, rate limits). */
  readonly reliability: PipelineStats;
  /** Stops taking requests, lets in-flight turns finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Composition root: content first (bad content stops the start with every problem named), then the
 * database with its migrations, then the Teams application behind the HTTP server.
 */
export async function startBot(config: Config): Promise<RunningBot> {
  setLogLevel(config.LOG_LEVEL);
  const content = loadContent();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  // Every store gets this client: inside a turn its calls run in the turn's one transaction.
  const prisma = turnScoped(database.prisma);
  try {
    const key = resolveEncryptionKey({
      configuredKey: config.ENCRYPTION_KEY,
      keyId: config.ENCRYPTION_KEY_ID,
      dataDir: config.dataDir,
      production: config.NODE_ENV === "production",
    });
    const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
    const licensing = createLicensing(
      { prisma, hot: database.hot },
      { ttlMs: config.LICENCE_CACHE_TTL_SECONDS * 1000 },
    );
    // With PostgreSQL unreachable the bot starts degraded and migrates once it answers.
    const readiness = new DatabaseReadiness(database, {
      prepare: async () => {
        const { applied } = await applyMigrations(database);
        if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
        if (config.NODE_ENV !== "production" && (await ensureDemoLicence(licensing, prisma))) {
          logger.info({ tenant: playgroundTenantId }, "demo licence created for the Agents Playground tenant");
        }
      },
    });
    await readiness.start();
    const cipher = new FieldCipher(key, parsePreviousKeys(config.ENCRYPTION_KEYS_PREVIOUS));
    const incidents = {
      store: new IncidentStore(prisma, cipher),
      downloads: new DownloadStore(prisma, cipher),
      handovers: new HandoverStore(prisma),
      references: new ConversationReferences(prisma, database.hot),
      draftCipher: cipher,
      retentionDays: config.INCIDENT_RETENTION_DAYS,
      publicBaseUrl: publicUrl.replace(/\/$/, ""),
      botAppId: config.MicrosoftAppId,
    };
    const reflections = new ReflectionStore(prisma, database.hot, cipher);
    const reminderStore = new ReminderStore(prisma);
    const groupSessions = new GroupSessionStore(prisma, cipher);
    const services: BotServices = {
      content,
      greetings: new GreetingLog(prisma),
      licensing,
      progress: new ProgressStore(prisma, database.hot),
      reflections,
      reminders: reminderStore,
      invitations: new InvitationStore(prisma),
      groupSessions,
      search: helpSearchFrom(content, { sv: content.articles("sv"), en: content.articles("en") }),
      incidents,
      staticBaseUrl: `${publicUrl.replace(/\/$/, "")}/static`,
      publicBaseUrl: publicUrl.replace(/\/$/, ""),
      privacy: privacyServices({
        prisma,
        hot: database.hot,
        personalData: personalDataStores(prisma, { reflections, incidents: incidents.store }),
        gate: licensing.gate,
        key,
      }),
    };
    const adapter = createTeamsAdapter(config, reliableConnectorOptions());
    const { app, routes } = createApp({
      services,
      storage: new DatabaseStorage(database.hot),
      adapter,
      botAppId: config.MicrosoftAppId,
    });
    const adminApi = config.ADMIN_TOKEN
      ? createAdminApi({ licensing, prisma, token: config.ADMIN_TOKEN, cipher })
      : undefined;
    const emergency = new EmergencyResponder(content, licensing.gate);
    // Every turn, in the order src/teams/pipeline/turn-pipeline.ts declares: emergency help first, app.run last.
    const pipeline = createTurnPipeline({
      config,
      database,
      content,
      prisma,
      cipher,
      databasePrepared: () => readiness.isPrepared,
      emergency: (context) => emergency.tryRespond(context),
      app,
    });
    const downloads = createDownloadRouter(incidents.downloads, {
      notFoundText: `${content.ui("sv").incident.linkExpired}\n\n${content.ui("en").incident.linkExpired}\n`,
    });
    const server = createServer({
      adapter,
      handleTurn: pipeline.handle,
      isReady: async () => readiness.isPrepared && (await pingWithin(database, 2000)),
      adminApi,
      downloads,
      privacyPage: (language) => privacyPageHtml(services.privacy.notices[language], language),
      trustProxy: config.TRUST_PROXY,
      filmPage: (language, themeId, stepId) => filmPageForStep(content, language, themeId, stepId),
      facilitatorGuidePage: (language, themeId) => facilitatorGuidePage(content, language, themeId),
    });

    const httpServer = await listen(server, config.PORT);
    const retention = startRetentionSchedule({
      incidents: incidents.store,
      downloads: incidents.downloads,
      more: {
        ...privacyPurges(prisma, config),
        reminder: services.reminders,
        handover: incidents.handovers,
        invitation: services.invitations,
        // A group session's answers are deleted at the latest 24 hours after it started.
        groupSession: groupSessions,
      },
    });
    const deliverySchedule = startDeliverySchedule({
      queues: [
        reminderQueue(services.reminders, reminderDelivery(adapter, services, config.MicrosoftAppId)),
        invitationResendQueue(
          services.invitations,
          invitationResend(adapter, {
            content,
            references: incidents.references,
            rounds: services.invitations,
            botAppId: config.MicrosoftAppId,
            gate: licensing.gate,
          }),
        ),
      ],
      intervalMs: config.REMINDER_SWEEP_SECONDS * 1000,
    });
    const port = (httpServer.address() as AddressInfo).port;
    logger.info({ port, database: database.kind }, "bot listening");
    return {
      port,
      database,
      services,
      routes,
      reliability: pipeline.stats,
      close: async () => {
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        await deliverySchedule.stop();
        await retention.stop();
        await readiness.stop();
        await pipeline.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The one registry of every store that can hold something about a person: `mina data` counts, exports
 * and erases by visiting these, in this order (licensing first: its audit entries are found through the
 * memberships and directory it erases after). A new table with a user id fails
 * test/privacy/personal-data-registry.test.ts until its store is added here.
 */
export function personalDataStores(
  prisma: PrismaClient,
  stores: { reflections: ReflectionStore; incidents: IncidentStore },
): PersonalDataRegistry {
  return [
    ...licensingPersonalData(prisma),
    progressPersonalData(prisma),
    reflectionPersonalData(prisma, stores.reflections),
    incidentPersonalData(prisma, stores.incidents),
    handoverPersonalData(prisma),
    downloadPersonalData(prisma),
    userActivityPersonalData(prisma),
    greetingPersonalData(),
    reminderPersonalData(prisma),
    invitationPersonalData(prisma),
    groupSessionPersonalData(prisma),
    conversationReferencePersonalData(prisma),
    botStatePersonalData(),
    turnBookkeepingPersonalData(),
  ];
}

/**
 * Express 5's `app.listen` calls its callback on an error too, so a taken port looked like success and
 * failed later as "Cannot read properties of null". Node's own server tells the two apart.
 */
function listen(app: ReturnType<typeof createServer>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const httpServer = createHttpServer(app);
    httpServer.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} is already in use: stop what is using it, or set PORT to a free one.`)
          : error.code === "EACCES"
            ? new Error(`Port ${port} needs privileges this process does not have: set PORT to one above 1023.`)
            : error,
      );
    });
    httpServer.listen(port, () => resolve(httpServer));
  });
}
