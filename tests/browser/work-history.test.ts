// Nothing a student writes is lost: two computers editing the same exercise keep both texts (the
// newer wins, the other goes to the History), and History restores an earlier version.
import type { Page, WebSocketRoute } from "playwright-core";
import { expect, it } from "vitest";
import { editorText, labAndBrowser, pasteIntoEditor } from "../support/browser";

const setup = labAndBrowser();

const saved = (page: Page) => expect.poll(() => page.getByRole("status").filter({ hasText: /work saved|saving/ }).innerText(), { timeout: 30_000 }).toBe("work saved");

it("two computers editing exercise 2 keep both texts (one in the History), and History restores an earlier version", async () => {
  const labPc = await (await setup.browser.newContext()).newPage();
  await labPc.goto(`${setup.lab.base}/exercises/2`);
  const codeButton = labPc.getByRole("button", { name: "Continue on another computer" });
  await codeButton.click();
  const code = (await labPc.locator("#continue-elsewhere strong").innerText()).trim();
  const name = (await codeButton.getAttribute("title"))!.split(":")[0];
  await codeButton.click();

  // The laptop is the same student; its connection to the lab can be cut (as a lost network would).
  const laptopContext = await setup.browser.newContext({ join: false });
  let offline = false;
  let connection: WebSocketRoute | null = null;
  await laptopContext.routeWebSocket(/\/ws\/lab$/, (ws) => {
    if (offline) return void ws.close({ code: 1001, reason: "offline" });
    ws.connectToServer();
    connection = ws;
  });
  const laptop = await laptopContext.newPage();
  await laptop.goto(`${setup.lab.base}/#continue=${code}`);
  await laptop.locator("header").getByText(name).first().waitFor();
  await laptop.goto(`${setup.lab.base}/exercises/2`);

  await pasteIntoEditor(labPc, "# version one\n");
  await saved(labPc);
  await expect.poll(() => editorText(laptop), { timeout: 30_000 }).toBe("# version one\n");

  // The laptop loses the lab and is edited; the lab PC is edited meanwhile.
  offline = true;
  await connection!.close({ code: 1001, reason: "offline" });
  await laptop.getByText("saving paused").first().waitFor({ timeout: 30_000 });
  const texts = ["# written on the laptop\n", "# written on the lab PC\n"];
  await pasteIntoEditor(laptop, texts[0]);
  await pasteIntoEditor(labPc, texts[1]);

  // Back online: whichever save reaches the lab last wins on both computers (the laptop's, unless it
  // reconnects before the lab PC's pause in typing ends), and the other is kept in the History.
  offline = false;
  await expect.poll(async () => [await editorText(labPc), await editorText(laptop)].join("|"), { timeout: 30_000 }).toMatch(/^(.*)\n\|\1\n$/);
  const winner = (await editorText(labPc))!;
  const other = texts.find((t) => t !== winner)!;
  expect(texts).toContain(winner);
  await saved(labPc);
  await labPc.getByRole("button", { name: "History" }).click();
  const replaced = labPc.getByRole("listitem").filter({ hasText: "replaced by another tab or computer" });
  await replaced.getByRole("button", { name: "Show" }).click();
  await replaced.getByText(other.trim()).waitFor();
  await labPc.screenshot({ path: "/tmp/classwork-history.png" });

  // Restoring brings it back (the text it replaces is kept first), and the laptop follows.
  await replaced.getByRole("button", { name: "Restore" }).click();
  await expect.poll(() => editorText(labPc), { timeout: 30_000 }).toBe(other);
  await expect.poll(() => editorText(laptop), { timeout: 30_000 }).toBe(other);
  await labPc.getByRole("button", { name: "History" }).click();
  const before = labPc.getByRole("listitem").filter({ hasText: "before a restore" }).first();
  await before.getByRole("button", { name: "Show" }).click();
  await before.getByText(winner.trim()).waitFor();
  await labPc.context().close();
  await laptopContext.close();
});
