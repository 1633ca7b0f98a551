// Renders the whole app over a FakeBackend, starting at a given route.
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppRoot } from "../App";
import { loadLaterScreens } from "../components/later";
import { FakeBackend, type FakeOptions } from "./fakeBackend";

// The app fetches the screens its first one does not show right after painting it; tests have
// them before they render, so a dialog opens as promptly as in the app (later.test.tsx covers
// one opened before its chunk is in).
await loadLaterScreens();

/** Fixed "now" so token ages in the demo data read the same in every run. */
export const NOW_SECONDS = Math.floor(Date.now() / 1000);

export function renderApp(options: { hash?: string; fake?: FakeBackend; fakeOptions?: FakeOptions } = {}) {
  const fake = options.fake ?? new FakeBackend({ nowSeconds: NOW_SECONDS, ...options.fakeOptions });
  window.location.hash = options.hash ?? "";
  const user = userEvent.setup();
  const view = render(<AppRoot backend={fake} />);
  return { fake, user, ...view };
}
