// New keys as the fake hands them over: each secret is held under a handoff id (the UI never gets
// it in an answer unless it asks to reveal it), and copying it starts the countdown after which
// the clipboard is cleared, as the desktop side does. Below the handoffs, the key commands built
// on them: generating keys, delivering them and saving the secret (copying is FakeKeyHandoffs.copy
// itself). Together because generating keys, copying and rotating all go through the same handoffs
// and the same countdown.
import type { Backend } from "../backend";
import type { CopiedContent } from "../bindings/CopiedContent";
import type { CountdownEnded } from "../bindings/CountdownEnded";
import type { CountdownTick } from "../bindings/CountdownTick";
import type { JournalEntry } from "../bindings/JournalEntry";
import type { KeyHandoff } from "../bindings/KeyHandoff";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { Settings } from "../bindings/Settings";
import type { FakeDeliveryTargets } from "./fakeDelivery";
import type { EventChannel } from "./fakeEvents";
import { type SaveDialogAnswer, saveDialog } from "./fakeFileExports";
import { appError } from "./fakeInputChecks";

type Handoff = { id: string; serviceUser: string; clientId: string; secret: string };

export class FakeKeyHandoffs {
  private readonly held = new Map<string, Handoff>();
  private countdownTimer: ReturnType<typeof setInterval> | null = null;
  private countdownHandoff: string | null = null;

  /** `liveCountdown`: run the countdown with real timers (browser preview); tests emit ticks themselves. */
  constructor(
    private readonly liveCountdown: boolean,
    private readonly ticks: EventChannel<CountdownTick>,
    private readonly ends: EventChannel<CountdownEnded>,
  ) {}

  /**
   * New keys for `user`, held under `id`. The key date always moves forward, also within one
   * second, so a rotation can tell replaced keys by their date as it does against the API.
   */
  issue(user: ServiceUser, id: string, clipboardSeconds: number, copied: boolean): KeyHandoff {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
    const handoff: Handoff = { id, serviceUser: user.name, clientId: hex(16), secret: hex(32) };
    this.held.set(handoff.id, handoff);
    user.clientId = handoff.clientId;
    user.tokenCreated = Math.max(Math.floor(Date.now() / 1000), (user.tokenCreated ?? 0) + 1);
    return { id: handoff.id, serviceUser: user.name, clientId: handoff.clientId, clipboardSeconds, copied };
  }

  get(id: string): Handoff {
    const handoff = this.held.get(id);
    if (!handoff) throw appError("not_found", "This secret is no longer available.");
    return handoff;
  }

  /** Copies from an open handoff; the secret or the header (not the Client ID) starts the countdown. */
  copy(id: string, clipboardWorks: boolean, content: CopiedContent | null, clipboardSeconds: number): void {
    this.get(id);
    if (!clipboardWorks) throw appError("internal", "The clipboard is not available.");
    if (content !== null) this.startCountdown(id, content, clipboardSeconds);
  }

  /** The UI closed the handoff: a countdown for it clears the clipboard now. */
  close(id: string): void {
    this.get(id);
    if (this.countdownHandoff === id) this.endCountdown(true, "closed");
    this.held.delete(id);
  }

  /** Drops a handoff the rotation no longer needs (its countdown, if any, runs on). */
  forget(id: string): void {
    this.held.delete(id);
  }

  startCountdown(handoffId: string, content: CopiedContent, clipboardSeconds: number): void {
    if (!this.liveCountdown) return;
    if (this.countdownTimer) clearInterval(this.countdownTimer);
    const total = clipboardSeconds;
    let remaining = total;
    this.countdownHandoff = handoffId;
    const tick = () => this.ticks.emit({ handoffId, content, remaining, total });
    setTimeout(tick, 0);
    this.countdownTimer = setInterval(() => {
      remaining -= 1;
      if (remaining <= 0) this.endCountdown(true, "expired");
      else tick();
    }, 1000);
  }

  endCountdown(cleared: boolean, reason: CountdownEnded["reason"]): void {
    if (this.countdownTimer) clearInterval(this.countdownTimer);
    this.countdownTimer = null;
    const handoffId = this.countdownHandoff;
    this.countdownHandoff = null;
    if (handoffId) setTimeout(() => this.ends.emit({ handoffId, cleared, reason }), 0);
  }
}

/** What the key commands need of the fake. */
export type KeyOrg = SaveDialogAnswer & {
  handoffs: FakeKeyHandoffs;
  settings: Settings;
  clipboardWorks: boolean;
  lastHandoffId: string | null;
  findUser(name: string): ServiceUser;
  newId(prefix: string): string;
  record(action: string, targets: string[], outcome: JournalEntry["outcome"], error?: string | null): void;
  recorded<T>(action: string, targets: string[], change: () => [T, boolean]): T;
};

/** New keys for `name`, held in a handoff; tests find it as `lastHandoffId`. */
export function issueKeys(org: KeyOrg, name: string, copied: boolean): KeyHandoff {
  const user = org.findUser(name);
  const handoff = org.handoffs.issue(user, org.newId("handoff"), org.settings.clipboardSeconds, copied);
  org.lastHandoffId = handoff.id;
  return handoff;
}

export function generateKeys(org: KeyOrg, name: string): KeyHandoff {
  org.recorded("generate-keys", [name], () => [org.findUser(name), false]);
  // As the desktop side does: a failed copy does not fail the generation, it is reported.
  const handoff = issueKeys(org, name, org.clipboardWorks);
  org.record("generate-keys", [name], "ok");
  if (handoff.copied) org.handoffs.startCountdown(handoff.id, "secret", org.settings.clipboardSeconds);
  return handoff;
}

/** Delivers `user`'s keys to `targetIds`, journalling each delivery under `user`. */
export function deliverFor(org: KeyOrg & { delivery: FakeDeliveryTargets }, user: string, targetIds: string[]) {
  return org.delivery.deliver(user, targetIds, (action, outcome, error) => org.record(action, [user], outcome, error));
}

export function deliverKeys(org: KeyOrg & { delivery: FakeDeliveryTargets }, handoffId: string, targetIds: string[]) {
  return deliverFor(org, org.handoffs.get(handoffId).serviceUser, targetIds);
}

export function saveSecret(org: KeyOrg, handoffId: string, format: Parameters<Backend["saveSecret"]>[1]) {
  const handoff = org.handoffs.get(handoffId);
  return saveDialog(org, format === "env" ? `${handoff.serviceUser}.env` : `${handoff.serviceUser}-keys.json`);
}
