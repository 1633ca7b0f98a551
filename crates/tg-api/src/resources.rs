//! One handler per API resource, mirroring the paths in `shared/API.md`, so call sites read like
//! the API (`client.service_users().get("cicd")`).

use reqwest::Method;

use crate::client::{Body, Client, decode};
use crate::error::{Error, Result};
use crate::models::{ApiKeys, NewServiceUser, Org, Policy, ServiceUser, ServiceUserUpdate};

impl Client {
    pub fn org(&self) -> OrgHandler<'_> {
        OrgHandler::new(self)
    }

    pub fn service_users(&self) -> ServiceUserHandler<'_> {
        ServiceUserHandler::new(self)
    }

    pub fn policies(&self) -> PolicyHandler<'_> {
        PolicyHandler::new(self)
    }
}

/// `/org/...`
pub struct OrgHandler<'c> {
    client: &'c Client,
}

impl<'c> OrgHandler<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /org/mine`: the caller's organisation; also the way to check credentials.
    pub async fn mine(&self) -> Result<Org> {
        self.client
            .json(Method::GET, &["org", "mine"], Body::None)
            .await
    }
}

/// `/v2/service-user/...`
pub struct ServiceUserHandler<'c> {
    client: &'c Client,
}

impl<'c> ServiceUserHandler<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    pub async fn list(&self) -> Result<Vec<ServiceUser>> {
        self.client
            .json(Method::GET, &["v2", "service-user"], Body::None)
            .await
    }

    pub async fn get(&self, name: &str) -> Result<ServiceUser> {
        self.client
            .json(Method::GET, &["v2", "service-user", name], Body::None)
            .await
    }

    pub async fn create(&self, user: &NewServiceUser) -> Result<ServiceUser> {
        self.client
            .json(Method::POST, &["v2", "service-user"], Body::json(user)?)
            .await
    }

    /// `PUT` of the whole object. Returns the server's answer, or the object sent when the server
    /// answers 200 with an empty body.
    pub async fn update(&self, user: &ServiceUser) -> Result<ServiceUser> {
        let body = Body::json(&ServiceUserUpdate::from(user))?;
        let bytes = self
            .client
            .send(Method::PUT, &["v2", "service-user", &user.name], body)
            .await?;
        if is_empty_answer(&bytes) {
            return Ok(user.clone());
        }
        decode(&bytes)
    }

    pub async fn delete(&self, name: &str) -> Result<()> {
        self.client
            .send(Method::DELETE, &["v2", "service-user", name], Body::None)
            .await
            .map(drop)
    }

    /// Generates new keys; the previous secret stops working at once. Never retried: a second call
    /// would invalidate the secret the first one returned. Any 2xx answer with the keys is a
    /// success (the new secret is already current), and no part of the answer ever reaches an
    /// error: it may be the secret.
    pub async fn generate_token(&self, name: &str) -> Result<ApiKeys> {
        let bytes = self
            .client
            .send_for_secret(&["v2", "service-user", name, "token"])
            .await?;
        serde_json::from_slice(&bytes).map_err(|_| {
            Error::Decode("the key response was not an object with clientId and secret".into())
        })
    }
}

/// `/v2/policy/...`
pub struct PolicyHandler<'c> {
    client: &'c Client,
}

impl<'c> PolicyHandler<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    pub async fn list(&self) -> Result<Vec<Policy>> {
        self.client
            .json(Method::GET, &["v2", "policy"], Body::None)
            .await
    }

    pub async fn get(&self, name: &str) -> Result<Policy> {
        self.client
            .json(Method::GET, &["v2", "policy", name], Body::None)
            .await
    }

    /// Creates the policy. Returns the server's answer, or the policy sent for an empty 200 body.
    pub async fn create(&self, policy: &Policy) -> Result<Policy> {
        let bytes = self
            .client
            .send(Method::POST, &["v2", "policy"], Body::json(policy)?)
            .await?;
        if is_empty_answer(&bytes) {
            return Ok(policy.clone());
        }
        decode(&bytes)
    }

    pub async fn update(&self, policy: &Policy) -> Result<Policy> {
        let bytes = self
            .client
            .send(
                Method::PUT,
                &["v2", "policy", &policy.name],
                Body::json(policy)?,
            )
            .await?;
        if is_empty_answer(&bytes) {
            return Ok(policy.clone());
        }
        decode(&bytes)
    }

    pub async fn delete(&self, name: &str) -> Result<()> {
        self.client
            .send(Method::DELETE, &["v2", "policy", name], Body::None)
            .await
            .map(drop)
    }
}

/// The API documents only the status for writes; an empty or `null` body carries no object.
fn is_empty_answer(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    text.is_empty() || text == "null" || text == "{}"
}
