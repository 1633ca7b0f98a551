//! Copying, the countdown, and when it clears (or leaves alone) the clipboard.

use crate::harness::{CLIENT_ID, Harness, SECRET, USER};
use tg_admin::Error;
use tg_admin::clipboard::Sensitivity;
use tg_admin::secret_handoff::{
    CopiedContent, CountdownEndReason, CountdownEnded, CountdownEvent, CountdownTick,
};
use tg_api::Secret;

#[tokio::test(start_paused = true)]
async fn generating_copies_the_secret_marked_sensitive() {
    let mut h = Harness::new();
    let handoff = h.begin();

    assert_eq!(handoff.service_user, USER);
    assert_eq!(handoff.client_id, CLIENT_ID);
    assert_eq!(
        handoff.clipboard_seconds, 30,
        "the default countdown is 30 s"
    );
    assert!(
        handoff.copied,
        "the UI says \"copied\" only when the secret reached the clipboard"
    );
    assert_eq!(
        h.clipboard.text().as_deref(),
        Some(SECRET),
        "the secret is copied from Rust at once, without the webview"
    );
    assert_eq!(
        h.clipboard.last_sensitivity(),
        Some(Sensitivity::Secret),
        "the copy must ask for the clipboard-history exclusion hints"
    );
    let (at, tick) = h.next_tick().await;
    assert_eq!(at, 0, "the first tick comes with the copy");
    assert_eq!(
        tick,
        CountdownTick {
            handoff_id: handoff.id,
            content: CopiedContent::Secret,
            remaining: 30,
            total: 30
        }
    );
}

#[tokio::test(start_paused = true)]
async fn countdown_ticks_each_second_and_clears_at_zero() {
    let mut h = Harness::new();
    let handoff = h.begin();

    let (ticks, ended_at, ended) = h.run_to_end().await;

    let seen: Vec<(u64, u32)> = ticks
        .iter()
        .map(|(at, t)| (at.to_owned(), t.remaining))
        .collect();
    let expected: Vec<(u64, u32)> = (0..30).map(|second| (second, 30 - second as u32)).collect();
    assert_eq!(
        seen, expected,
        "one tick per second: 30 at the copy, 29 one second later, ... 1 at 29 s"
    );
    assert!(
        ticks
            .iter()
            .all(|(_, t)| t.total == 30 && t.handoff_id == handoff.id)
    );
    assert_eq!(
        ended_at, 30,
        "the clipboard is cleared when the countdown reaches zero"
    );
    assert_eq!(
        ended,
        CountdownEnded {
            handoff_id: handoff.id,
            cleared: true,
            reason: CountdownEndReason::Expired
        }
    );
    assert_eq!(
        h.clipboard.text(),
        None,
        "the secret must be gone from the clipboard"
    );
    assert_eq!(
        h.handoffs.reveal(handoff.id).unwrap().expose_secret(),
        SECRET,
        "the handoff stays open after the countdown: the user may still reveal or save"
    );
    h.assert_quiet_for(120, "an ended countdown emits nothing more")
        .await;
}

#[tokio::test(start_paused = true)]
async fn countdown_leaves_other_content_alone() {
    let mut h = Harness::new();
    let handoff = h.begin();
    while h.next_tick().await.1.remaining > 25 {}
    h.clipboard.copy_elsewhere("meeting notes");

    let (_, ended_at, ended) = h.run_to_end().await;

    assert_eq!(ended_at, 30);
    assert_eq!(
        ended,
        CountdownEnded {
            handoff_id: handoff.id,
            cleared: false,
            reason: CountdownEndReason::Replaced
        },
        "the clipboard no longer held the secret, so the end must say `replaced`"
    );
    assert_eq!(
        h.clipboard.text().as_deref(),
        Some("meeting notes"),
        "what the user copied since must survive the countdown"
    );
    assert_eq!(
        h.clipboard.clear_count(),
        0,
        "the clipboard must not be cleared at all"
    );
}

#[tokio::test(start_paused = true)]
async fn copy_again_restarts_the_countdown() {
    let mut h = Harness::new();
    let handoff = h.begin();
    while h.next_tick().await.1.remaining > 20 {}
    assert_eq!(h.elapsed(), 10);

    h.handoffs.copy_secret(handoff.id).unwrap();

    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert_eq!(
        ticks.first().map(|(at, t)| (*at, t.remaining)),
        Some((10, 30)),
        "copy again starts a full countdown at once"
    );
    assert!(
        ticks
            .iter()
            .all(|(at, t)| u64::from(t.remaining) == 40 - at),
        "no tick of the old countdown may slip in after the restart: {ticks:?}"
    );
    assert_eq!(
        ended_at, 40,
        "the old deadline (30 s) must not clear the clipboard; the new one (40 s) does"
    );
    assert_eq!(ended.reason, CountdownEndReason::Expired);
    assert!(ended.cleared);
    assert_eq!(h.clipboard.text(), None);
    assert_eq!(
        h.clipboard.clear_count(),
        1,
        "cleared once, by the new countdown only"
    );
}

#[tokio::test(start_paused = true)]
async fn clear_now_ends_early_and_reports_it() {
    let mut h = Harness::new();
    let handoff = h.begin();
    while h.next_tick().await.1.remaining > 27 {}

    let ended = h.handoffs.clear_now();

    let expected = CountdownEnded {
        handoff_id: handoff.id,
        cleared: true,
        reason: CountdownEndReason::ClearedNow,
    };
    assert_eq!(ended, Some(expected.clone()));
    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(expected),
        "the UI hears it too"
    );
    assert_eq!(h.clipboard.text(), None);
    h.assert_quiet_for(60, "no tick or second end after clear now")
        .await;
    assert_eq!(
        h.handoffs.clear_now(),
        None,
        "with no countdown running there is nothing to clear"
    );
    assert_eq!(h.clipboard.clear_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn clear_now_leaves_other_content_alone() {
    let h = Harness::new();
    let handoff = h.begin();
    h.clipboard.copy_elsewhere("something else");

    let ended = h.handoffs.clear_now().expect("a countdown was running");

    assert_eq!(
        (ended.handoff_id, ended.cleared, ended.reason),
        (handoff.id, false, CountdownEndReason::Replaced)
    );
    assert_eq!(h.clipboard.text().as_deref(), Some("something else"));
}

#[tokio::test(start_paused = true)]
async fn copying_the_client_id_ends_the_countdown_at_once() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    h.handoffs.copy_client_id(handoff.id).unwrap();

    assert_eq!(h.clipboard.text().as_deref(), Some(CLIENT_ID));
    assert_eq!(
        h.clipboard.last_sensitivity(),
        Some(Sensitivity::Plain),
        "the Client ID is not a secret"
    );
    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert!(
        ticks.is_empty(),
        "the UI must stop saying the secret is on the clipboard: {ticks:?}"
    );
    assert_eq!(ended_at, 0, "the countdown ends with the copy, not at zero");
    assert_eq!(
        ended,
        CountdownEnded {
            handoff_id: handoff.id,
            cleared: false,
            reason: CountdownEndReason::Replaced
        }
    );
    h.assert_quiet_for(60, "the ended countdown neither ticks nor ends again")
        .await;
    assert_eq!(
        h.clipboard.text().as_deref(),
        Some(CLIENT_ID),
        "the Client ID copied over the secret must not be wiped"
    );
}

#[tokio::test(start_paused = true)]
async fn header_copy_has_the_exact_format_and_is_cleared_like_the_secret() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    h.handoffs.copy_header(handoff.id).unwrap();

    let header = format!("Authorization: trustgrid-token {CLIENT_ID}:{SECRET}");
    assert_eq!(h.clipboard.text().as_deref(), Some(header.as_str()));
    assert_eq!(h.clipboard.last_sensitivity(), Some(Sensitivity::Secret));
    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert_eq!(ticks[0].1.content, CopiedContent::Header);
    assert_eq!((ticks[0].1.remaining, ticks[0].1.total), (30, 30));
    assert_eq!(ended_at, 30);
    assert!(
        ended.cleared,
        "the header holds the secret and must be cleared"
    );
    assert_eq!(h.clipboard.text(), None);
}

#[tokio::test(start_paused = true)]
async fn the_last_copy_is_what_the_countdown_protects() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.handoffs.copy_header(handoff.id).unwrap();
    // The user pastes the bare secret back from elsewhere: not what the app copied last.
    h.clipboard.copy_elsewhere(SECRET);

    let (_, _, ended) = h.run_to_end().await;

    assert_eq!(
        (ended.cleared, ended.reason),
        (false, CountdownEndReason::Replaced)
    );
    assert_eq!(h.clipboard.text().as_deref(), Some(SECRET));
}

#[tokio::test(start_paused = true)]
async fn a_second_handoff_takes_over_the_countdown() {
    let mut h = Harness::new();
    let first = h.begin();
    h.next_tick().await;

    let (second, copied) =
        h.handoffs
            .begin("backup-job", "second-client", Secret::new("second-secret"));
    copied.unwrap();

    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(CountdownEnded {
            handoff_id: first.id,
            cleared: false,
            reason: CountdownEndReason::Replaced
        }),
        "the first handoff's dialog learns its countdown is over, before the new one ticks"
    );
    let (ticks, ended_at, ended) = h.run_to_end().await;
    assert!(ticks.iter().all(|(_, t)| t.handoff_id == second.id));
    assert_eq!(
        (ended.handoff_id, ended_at, ended.cleared),
        (second.id, 30, true)
    );
    assert_eq!(
        h.handoffs.reveal(first.id).unwrap().expose_secret(),
        SECRET,
        "the first handoff is still open"
    );
}

#[tokio::test(start_paused = true)]
async fn closing_drops_the_secret_and_clears() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    h.handoffs.close(handoff.id).unwrap();

    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(CountdownEnded {
            handoff_id: handoff.id,
            cleared: true,
            reason: CountdownEndReason::Closed
        })
    );
    assert_eq!(
        h.clipboard.text(),
        None,
        "closing clears the secret it copied"
    );
    assert!(
        matches!(h.handoffs.reveal(handoff.id), Err(Error::HandoffClosed(id)) if id == handoff.id),
        "a closed handoff no longer holds the secret"
    );
    assert!(matches!(
        h.handoffs.copy_secret(handoff.id),
        Err(Error::HandoffClosed(_))
    ));
    assert!(
        matches!(h.handoffs.close(handoff.id), Err(Error::HandoffClosed(_))),
        "closing twice is reported, not silently accepted"
    );
    assert!(
        !format!("{:?}", h.handoffs).contains(SECRET),
        "nothing of the secret remains in the state"
    );
    h.assert_quiet_for(60, "the countdown of a closed handoff is stopped")
        .await;
}

#[tokio::test(start_paused = true)]
async fn closing_another_handoff_leaves_the_countdown_running() {
    let mut h = Harness::new();
    let first = h.begin();
    let (second, copied) = h
        .handoffs
        .begin("other", "other-id", Secret::new("other-secret"));
    copied.unwrap();
    // The first handoff's end (replaced by the second copy) comes first.
    assert!(matches!(h.next().await.1, CountdownEvent::Ended(e) if e.handoff_id == first.id));

    h.handoffs.close(first.id).unwrap();

    let (_, ended_at, ended) = h.run_to_end().await;
    assert_eq!(
        (ended.handoff_id, ended_at, ended.cleared),
        (second.id, 30, true)
    );
}

#[tokio::test(start_paused = true)]
async fn shutdown_clears_and_drops_every_secret() {
    let mut h = Harness::new();
    let handoff = h.begin();
    h.next_tick().await;

    let ended = h.handoffs.shutdown();

    assert_eq!(
        ended,
        Some(CountdownEnded {
            handoff_id: handoff.id,
            cleared: true,
            reason: CountdownEndReason::Closed
        })
    );
    assert_eq!(
        h.next().await.1,
        CountdownEvent::Ended(ended.unwrap()),
        "the end is emitted as well"
    );
    assert_eq!(
        h.clipboard.text(),
        None,
        "quitting must not leave the secret on the clipboard"
    );
    assert!(
        h.handoffs.reveal(handoff.id).is_err(),
        "quitting drops the secrets"
    );
    h.assert_quiet_for(60, "no countdown survives shutdown")
        .await;
}

#[tokio::test(start_paused = true)]
async fn shutdown_leaves_other_content_alone() {
    let h = Harness::new();
    h.begin();
    h.clipboard.copy_elsewhere("keep me");

    let ended = h.handoffs.shutdown().expect("a countdown was running");

    assert_eq!(
        (ended.cleared, ended.reason),
        (false, CountdownEndReason::Replaced)
    );
    assert_eq!(h.clipboard.text().as_deref(), Some("keep me"));
}

#[tokio::test(start_paused = true)]
async fn dropping_the_handoffs_clears_too() {
    let h = Harness::new();
    h.begin();
    let clipboard = h.clipboard.clone();

    drop(h);

    assert_eq!(
        clipboard.text(),
        None,
        "an app that exits without calling shutdown must still clear its secret"
    );
}
