//! A comparison as Markdown, for a review or a change ticket.

use std::fmt::Write;

use super::model::{Comparison, DiffSide};

/// Renders `comparison` as a Markdown document.
pub fn to_markdown(comparison: &Comparison) -> String {
    let (l, r) = (&comparison.left, &comparison.right);
    let mut out = format!("# {l} compared with {r}\n\n");
    if comparison.is_empty() {
        out.push_str("The two orgs hold the same service users and custom policies.\n");
        return out;
    }
    list(
        &mut out,
        &format!("Service users only in {l}"),
        &comparison.users_only_left,
    );
    list(
        &mut out,
        &format!("Service users only in {r}"),
        &comparison.users_only_right,
    );
    if !comparison.users.is_empty() {
        out.push_str("## Service users that differ\n\n");
        for user in &comparison.users {
            let _ = writeln!(out, "### {}\n", user.name);
            if let Some((left, right)) = &user.status {
                let _ = writeln!(out, "- Status: {left} in {l}, {right} in {r}");
            }
            items(
                &mut out,
                &format!("Policies only in {l}"),
                &user.policies_only_left,
            );
            items(
                &mut out,
                &format!("Policies only in {r}"),
                &user.policies_only_right,
            );
            items(
                &mut out,
                &format!("Allowed only in {l}"),
                &user.actions_only_left,
            );
            items(
                &mut out,
                &format!("Allowed only in {r}"),
                &user.actions_only_right,
            );
            out.push('\n');
        }
    }
    list(
        &mut out,
        &format!("Custom policies only in {l}"),
        &comparison.policies_only_left,
    );
    list(
        &mut out,
        &format!("Custom policies only in {r}"),
        &comparison.policies_only_right,
    );
    if !comparison.policies.is_empty() {
        let _ = writeln!(
            out,
            "## Custom policies that differ\n\n`-` only in {l}, `+` only in {r}.\n"
        );
        for policy in &comparison.policies {
            let _ = writeln!(out, "### {}\n\n```diff", policy.name);
            for line in &policy.lines {
                let mark = match line.side {
                    DiffSide::Same => ' ',
                    DiffSide::Left => '-',
                    DiffSide::Right => '+',
                };
                let _ = writeln!(out, "{mark} {}", line.text);
            }
            out.push_str("```\n\n");
        }
    }
    out
}

fn list(out: &mut String, title: &str, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {title}\n");
    for name in names {
        let _ = writeln!(out, "- {name}");
    }
    out.push('\n');
}

fn items(out: &mut String, label: &str, values: &[String]) {
    if !values.is_empty() {
        let _ = writeln!(out, "- {label}: {}", values.join(", "));
    }
}
