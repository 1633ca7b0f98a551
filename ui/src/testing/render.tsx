// Renders the whole app over a FakeBackend, starting at a given route.
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppRoot } from "../App";
import { FakeBackend, type FakeOptions } from "./fakeBackend";

/** Fixed "now" so token ages in the demo data read the same in every run. */
export const NOW_SECONDS = Math.floor(Date.now() / 1000);

export function renderApp(options: { hash?: string; fake?: FakeBackend; fakeOptions?: FakeOptions } = {}) {
  const fake = options.fake ?? new FakeBackend({ nowSeconds: NOW_SECONDS, ...options.fakeOptions });
  window.location.hash = options.hash ?? "";
  const user = userEvent.setup();
  const view = render(<AppRoot backend={fake} />);
  return { fake, user, ...view };
}
