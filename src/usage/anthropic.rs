//! Anthropic's Admin API usage and cost reports, saved as returned
//! (`GET /v1/organizations/usage_report/messages`,
//! `GET /v1/organizations/cost_report`): one usage record per result of a
//! time bucket, one cost line per cost result. docs/usage-sources.md gives
//! every field and its source.

use super::buckets::{self, Bucketed, Times};
use super::cost::{CostLine, one_currency};
use super::{Origin, Usage, UsageTokens};
use crate::input::json::Obj;
use crate::input::{InputError, parse_decimal};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What an Anthropic file must hold, for errors.
pub const EXPECTED: &str = "Anthropic usage or cost reports: one report `{\"data\": [{\"starting_at\": ..., \
     \"results\": [...]}], \"has_more\": ...}`, a JSON array of reports, or one report a line";

const SCHEMA: &str = "the Admin API returns it in every report; save the response unchanged";
const GROUP_BY_MODEL: &str = "fetch the report with `group_by[]=model` (and `service_tier`, `context_window`), so \
     each result names the model its tokens are priced at";

/// The result fields that become labels, and the labels' names.
const USAGE_LABELS: [(&str, &str); 4] = [
    ("workspace_id", "workspace"),
    ("api_key_id", "api_key"),
    ("context_window", "context_window"),
    ("inference_geo", "inference_geo"),
];
const COST_LABELS: [(&str, &str); 6] = [
    ("workspace_id", "workspace"),
    ("cost_type", "cost_type"),
    ("token_type", "token_type"),
    ("service_tier", "service_tier"),
    ("context_window", "context_window"),
    ("inference_geo", "inference_geo"),
];

/// The usage records of the reports of an Anthropic messages usage file.
pub fn usage(reports: &[Obj<'_>]) -> Result<Vec<Usage>, InputError> {
    let mut out = Vec::new();
    for Bucketed { start, result, .. } in results(reports)? {
        if result.has("amount") {
            return Err(result
                .error(
                    Some("amount"),
                    "a result with an `amount` is a cost: this is a cost report, not usage",
                )
                .with_hint("read it as a cost report, to reconcile priced usage with it"));
        }
        out.push(record(start, &result)?);
    }
    Ok(out)
}

/// The cost lines of the reports of an Anthropic cost file, in units of its one currency.
pub fn costs(reports: &[Obj<'_>]) -> Result<Vec<CostLine>, InputError> {
    let mut out = Vec::new();
    for Bucketed { start, end, result } in results(reports)? {
        if !result.has("amount") && result.has("uncached_input_tokens") {
            return Err(result
                .error(
                    None,
                    "a result with token counts and no `amount` is usage: this is a usage report",
                )
                .with_hint("read it as usage; the cost report is `GET /v1/organizations/cost_report`"));
        }
        out.push(cost(start, end, &result)?);
    }
    one_currency(&out)?;
    Ok(out)
}

/// Every result of every bucket of every report.
fn results<'a>(reports: &[Obj<'a>]) -> Result<Vec<Bucketed<'a>>, InputError> {
    let mut out = Vec::new();
    for report in reports {
        out.extend(buckets::results(report, Times::Rfc3339, SCHEMA)?);
    }
    Ok(out)
}

/// One usage result as a bucket of calls whose number the report does not give.
fn record(start: DateTime<Utc>, r: &Obj<'_>) -> Result<Usage, InputError> {
    let creation = r.require("cache_creation", Obj::object, SCHEMA)?;
    let tokens = UsageTokens {
        input: r.require("uncached_input_tokens", Obj::count, SCHEMA)?,
        cache_read: r.require("cache_read_input_tokens", Obj::count, SCHEMA)?,
        cache_write_5m: creation.require("ephemeral_5m_input_tokens", Obj::count, SCHEMA)?,
        cache_write_1h: creation.require("ephemeral_1h_input_tokens", Obj::count, SCHEMA)?,
        output: r.require("output_tokens", Obj::count, SCHEMA)?,
        reasoning: 0,
    };
    let model = r.require("model", Obj::text, GROUP_BY_MODEL)?;
    let mut unpriced = BTreeMap::new();
    if let Some(tools) = r.object("server_tool_use")? {
        let searches = tools.count("web_search_requests")?.unwrap_or(0);
        if searches > 0 {
            unpriced.insert("web_search_requests".to_string(), searches);
        }
    }
    let service_tier = r.text("service_tier")?;
    Ok(Usage {
        origin: Origin::of(r),
        start,
        model,
        requests: 0,
        tokens,
        unpriced,
        long_context: long_context(r)?,
        batch: service_tier.as_deref() == Some("batch"),
        service_tier,
        recorded_cost: None,
        labels: labels(r, &USAGE_LABELS)?,
        tags: Vec::new(),
        prompt: None,
        id: None,
    })
}

/// Whether the report's `context_window` group is the one above 200k tokens
/// (`"0-200k"` or `"200k-1M"`); `None` when the report is not grouped by it.
fn long_context(r: &Obj<'_>) -> Result<Option<bool>, InputError> {
    Ok(r.text("context_window")?.map(|window| window != "0-200k"))
}

fn labels(r: &Obj<'_>, fields: &[(&str, &str)]) -> Result<BTreeMap<String, String>, InputError> {
    let mut labels = BTreeMap::new();
    for (field, label) in fields {
        if let Some(value) = r.text(field)? {
            labels.insert(label.to_string(), value);
        }
    }
    Ok(labels)
}

/// The decimal places of a currency's lowest unit, for the currencies known.
fn minor_unit_places(currency: &str) -> Option<u32> {
    match currency {
        "USD" => Some(2),
        _ => None,
    }
}

/// One cost result as a cost line: its amount, written in the currency's
/// lowest units (cents), turned into units of the currency (dollars).
fn cost(start: DateTime<Utc>, end: DateTime<Utc>, r: &Obj<'_>) -> Result<CostLine, InputError> {
    let written = r.require("amount", Obj::text, SCHEMA)?;
    let currency = r.require("currency", Obj::text, SCHEMA)?.to_uppercase();
    let Some(places) = minor_unit_places(&currency) else {
        return Err(r
            .error(
                Some("currency"),
                format!("`{currency}`: amounts are written in the currency's lowest units, known here for USD only"),
            )
            .with_hint("Anthropic's cost report states its costs in USD cents"));
    };
    let cents = parse_decimal(&written).map_err(|e| r.error(Some("amount"), e))?;
    let unit = Decimal::new(1, places);
    let amount = (cents * unit).normalize();
    if amount / unit != cents {
        return Err(r.error(
            Some("amount"),
            format!("`{written}` has more decimal places than an exact decimal keeps in units of {currency}"),
        ));
    }
    Ok(CostLine {
        origin: Origin::of(r),
        start,
        end,
        amount,
        currency,
        description: r.text("description")?,
        model: r.text("model")?,
        labels: labels(r, &COST_LABELS)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json::Doc;
    use rust_decimal_macros::dec;

    fn reports(text: &str) -> Vec<Obj<'_>> {
        Doc { name: "r.json", text }.objects("reports").unwrap()
    }

    #[test]
    fn the_reference_s_example_report_reads_as_documented() {
        // The "Response 200" example of Get Messages Usage Report, verbatim.
        let text = r#"{
  "data": [
    {
      "ending_at": "2025-08-02T00:00:00Z",
      "results": [
        {
          "api_key_id": "apikey_01Rj2N8SVvo6BePZj99NhmiT",
          "cache_creation": {
            "ephemeral_1h_input_tokens": 1000,
            "ephemeral_5m_input_tokens": 500
          },
          "cache_read_input_tokens": 200,
          "context_window": "0-200k",
          "model": "claude-sonnet-4-20250514",
          "output_tokens": 500,
          "server_tool_use": {
            "web_search_requests": 10
          },
          "service_tier": "standard",
          "uncached_input_tokens": 1500,
          "workspace_id": "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ"
        }
      ],
      "starting_at": "2025-08-01T00:00:00Z"
    }
  ],
  "has_more": true,
  "next_page": "2019-12-27T18:11:19.117Z"
}"#;
        let records = usage(&reports(text)).unwrap();
        let r = &records[0];
        assert_eq!(
            r.tokens,
            UsageTokens {
                input: 1500,
                cache_read: 200,
                cache_write_5m: 500,
                cache_write_1h: 1000,
                output: 500,
                reasoning: 0,
            }
        );
        assert_eq!(r.unpriced["web_search_requests"], 10);
        assert_eq!(
            (r.requests, r.batch, r.service_tier.as_deref()),
            (0, false, Some("standard"))
        );
        assert_eq!(r.start.to_rfc3339(), "2025-08-01T00:00:00+00:00");
        assert_eq!(r.labels["workspace"], "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ");
    }

    #[test]
    fn the_reference_s_example_cost_is_cents() {
        // The "Response 200" example of Get Cost Report: "123.78912" cents.
        let text = r#"{"data": [{"ending_at": "2025-08-02T00:00:00Z", "results": [{"amount": "123.78912",
            "context_window": "0-200k", "cost_type": "tokens", "currency": "USD",
            "description": "Claude Sonnet 4 Usage - Input Tokens", "model": "claude-sonnet-4-20250514",
            "service_tier": "standard", "token_type": "uncached_input_tokens",
            "workspace_id": "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ"}], "starting_at": "2025-08-01T00:00:00Z"}],
            "has_more": true, "next_page": "2019-12-27T18:11:19.117Z"}"#;
        let lines = costs(&reports(text)).unwrap();
        assert_eq!(lines[0].amount, dec!(1.2378912));
        let eur = text.replace("\"USD\"", "\"EUR\"");
        let e = costs(&reports(&eur)).unwrap_err();
        assert_eq!(
            e.message,
            "`EUR`: amounts are written in the currency's lowest units, known here for USD only"
        );
    }
}
