//! Driving the app from the keyboard as a person would: key presses through WebDriver actions,
//! typing into the focused control, and Tab until a control is reached, checking on the way that
//! every focused control draws a focus indicator.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use crate::driver::bounded;
use crate::{AppSession, Focused};

impl AppSession {
    /// Presses one key on the keyboard (WebDriver actions), with Shift held when asked.
    pub async fn press(&self, key: Key, shift: bool) {
        let mut keys = KeyActions::new("keyboard".into());
        if shift {
            keys = keys.then(KeyAction::Down {
                value: Key::Shift.into(),
            });
        }
        keys = keys
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        if shift {
            keys = keys.then(KeyAction::Up {
                value: Key::Shift.into(),
            });
        }
        bounded("a key press", self.client.perform_actions(keys))
            .await
            .unwrap_or_else(|e| panic!("press {key:?}: {e}"));
    }

    /// Types text into whatever has the keyboard focus.
    pub async fn type_keys(&self, text: &str) {
        let focused = bounded("the focused element", self.client.active_element())
            .await
            .expect("an element has the focus");
        bounded("typing", focused.send_keys(text))
            .await
            .unwrap_or_else(|e| panic!("type {text:?}: {e}"));
    }

    /// What has the keyboard focus: its `data-testid` (or tag name), and whether a focus
    /// indicator is drawn (an outline, or the highlight of a menu item).
    pub async fn focused(&self) -> Option<Focused> {
        let read = self.client.execute(
            "const el = document.activeElement;
                 if (!el || el === document.body) return null;
                 const style = getComputedStyle(el);
                 return {
                   id: el.dataset.testid || el.tagName.toLowerCase(),
                   text: (el.textContent || '').trim(),
                   ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                     || el.hasAttribute('data-highlighted'),
                 };",
            vec![],
        );
        let answer = bounded("reading the focus", read)
            .await
            .expect("read the focused element");
        serde_json::from_value(answer).expect("a focused element or null")
    }

    /// Presses Tab (or Shift+Tab) until the element with this `data-testid` has the focus, and
    /// fails if it is not reached within 60 presses or a control on the way shows no focus ring.
    pub async fn tab_to(&self, test_id: &str, backwards: bool) {
        for _ in 0..60 {
            self.press(Key::Tab, backwards).await;
            if let Some(focused) = self.focused().await {
                assert!(
                    focused.ring,
                    "`{}` has the keyboard focus but shows no focus ring",
                    focused.id
                );
                if focused.id == test_id {
                    return;
                }
            }
        }
        let shot = self.failure_report(test_id).await;
        panic!("Tab never reached `{test_id}` (screen: {shot})");
    }
}
