import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from "botbuilder";

/** A Bot Framework adapter that records, in order, what a turn sends, updates and deletes. */
export class RecordingAdapter extends BotAdapter {
  readonly log: string[] = [];
  readonly sent: Partial<Activity>[] = [];
  private issued = 0;

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      this.sent.push(activity);
      if (activity.type === ActivityTypes.InvokeResponse) {
        this.log.push("invokeResponse");
        return { id: "" };
      }
      const id = `teams-${++this.issued}`;
      this.log.push(`send ${activity.type}${activity.text ? ` "${activity.text}"` : ""} as ${id}`);
      return { id };
    });
  }

  async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.log.push(`update ${activity.id} "${activity.text}"`);
  }

  async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    this.log.push(`delete ${reference.activityId}`);
  }

  async continueConversation(): Promise<void> {}

  /** A turn for an activity from a user in a conversation, as Teams would deliver it. */
  contextFor(activity: Partial<Activity>): TurnContext {
    return new TurnContext(this, {
      id: "activity-1",
      channelId: "msteams",
      serviceUrl: "https://smba.example.test/",
      from: { id: "29:user", aadObjectId: "aad-user", name: "User" },
      recipient: { id: "28:bot", name: "Bot" },
      conversation: {
        id: "conversation-1",
        tenantId: "tenant-1",
        isGroup: false,
        name: "",
        conversationType: "personal",
      },
      locale: "sv-SE",
      ...activity,
    } as Activity);
  }
}
