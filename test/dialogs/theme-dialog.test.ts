import { describe, expect, it } from "vitest";
import { ThemeDialog, type ThemeDialogOptions } from "../../dialogs/theme-dialog";
import { loadContent } from "../../src/domain/content/content-catalog";
import { DialogTestClient, useDialogServices } from "../support/dialog-test-client";

const content = loadContent();
const sv = content.ui("sv");

const dialogServices = useDialogServices();

function themeClient(options: ThemeDialogOptions): DialogTestClient<ThemeDialogOptions> {
  return new DialogTestClient(new ThemeDialog(dialogServices.services), { initialOptions: options });
}

describe("the theme dialog's stored state stays the same size however long the user walks", () => {
  /** Opens theme 3 and presses next and back alternately, as the load benchmark does. */
  async function afterPresses(presses: number) {
    const client = themeClient({ themeId: "forovarna" });
    await client.send({ value: { verb: "openTheme", themeId: "forovarna" } });
    for (let i = 0; i < presses; i++) await client.press(i % 2 === 0 ? sv.step.next : sv.step.back);
    return { bytes: await client.storedStateBytes(), depth: await client.storedStackDepth() };
  }

  it("after 100 presses in one theme the dialog state is no larger, and the stack no deeper, than after 5", async () => {
    const five = await afterPresses(5);
    const hundred = await afterPresses(100);
    console.info(
      `dialog state: ${five.bytes} B (depth ${five.depth}) after 5, ${hundred.bytes} B (depth ${hundred.depth}) after 100`,
    );
    expect(hundred.depth).toBe(five.depth);
    expect(hundred.bytes).toBeLessThanOrEqual(five.bytes);
  });
});
