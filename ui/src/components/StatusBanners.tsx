// Banners across the top of the content for what concerns the whole app rather than one page:
// what went wrong at start (a file set aside, a connection that could not be reopened), and an
// API that stopped answering mid-session. Each says what happened in one line and what to do.

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { isUnreachable, toAppError } from "../backend";
import type { AppError } from "../bindings/AppError";
import { useNotices } from "../queries";
import { Spinner } from "./common";
import { AlertIcon } from "./Icons";
import "./StatusBanners.css";

/** The start-up notices, each until dismissed. */
export function NoticeBanners() {
  const notices = useNotices();
  const [dismissed, setDismissed] = useState<string[]>([]);
  return (
    <>
      {(notices.data ?? []).map((notice) =>
        dismissed.includes(notice.message) ? null : (
          <div key={notice.message} className="banner banner-warning" role="alert" data-testid="startup-notice">
            <AlertIcon />
            <span>{notice.message}</span>
            <button
              type="button"
              className="button button-small"
              onClick={() => setDismissed((d) => [...d, notice.message])}
            >
              Dismiss
            </button>
          </div>
        ),
      )}
    </>
  );
}

/**
 * Shown from the first request that finds the API out of reach until the next one that gets an
 * answer. Retry asks again for everything on screen.
 */
export function UnreachableBanner({ apiUrl }: { apiUrl: string }) {
  const client = useQueryClient();
  const [lost, setLost] = useState<AppError | null>(null);
  const [retrying, setRetrying] = useState(false);

  useEffect(() => {
    const seen = (error: unknown) => {
      const appError = toAppError(error);
      if (isUnreachable(appError)) setLost(appError);
    };
    const offQueries = client.getQueryCache().subscribe((event) => {
      // A read of the app's own files says nothing about the API.
      if (event.type !== "updated" || event.query.meta?.localOnly === true) return;
      if (event.action.type === "success") setLost(null);
      if (event.action.type === "error") seen(event.action.error);
    });
    const offMutations = client.getMutationCache().subscribe((event) => {
      if (event.type !== "updated") return;
      if (event.action.type === "success") setLost(null);
      if (event.action.type === "error") seen(event.action.error);
    });
    return () => {
      offQueries();
      offMutations();
    };
  }, [client]);

  if (!lost) return null;
  const retry = async () => {
    setRetrying(true);
    try {
      await client.refetchQueries({ type: "active" });
    } finally {
      setRetrying(false);
    }
  };
  return (
    <div className="banner banner-error" role="alert" data-testid="unreachable-banner">
      <AlertIcon />
      <span>
        <strong>
          {lost.code === "timeout"
            ? `The Trustgrid API at ${apiUrl} is not answering.`
            : `The Trustgrid API at ${apiUrl} cannot be reached.`}
        </strong>{" "}
        What is on screen stays; check the network or the server, then retry.
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={() => void retry()}
        disabled={retrying}
        data-testid="retry-connection"
      >
        {retrying && <Spinner label="Retrying" />}
        Retry
      </button>
    </div>
  );
}
