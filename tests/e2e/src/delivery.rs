//! Adding a delivery target through its dialog, as an administrator does.

use crate::AppSession;

impl AppSession {
    /// Adds a delivery target from the Delivery targets page and waits until its dialog closed.
    pub async fn add_delivery_target(&self, name: &str, command: &str) {
        self.click("nav-delivery-targets").await;
        self.click("add-delivery-target").await;
        self.type_into("target-name", name).await;
        self.type_into("target-command", command).await;
        self.click("submit").await;
        self.wait_gone("delivery-target-dialog").await;
    }
}
