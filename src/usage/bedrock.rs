//! Amazon Bedrock model invocation logs (`schemaType` `ModelInvocationLog`),
//! as delivered to S3 or exported from CloudWatch Logs: one JSON record a
//! line, each one call. docs/usage-sources.md gives every field and its source.

use super::{Origin, Usage, UsageTokens};
use crate::input::InputError;
use crate::input::json::Obj;
use std::collections::BTreeMap;

/// What a Bedrock file must hold, for errors.
pub const EXPECTED: &str = "Amazon Bedrock model invocation logs: one JSON record a line, each with \
     `\"schemaType\": \"ModelInvocationLog\"`";

/// The record type every invocation log line names.
pub const SCHEMA_TYPE: &str = "ModelInvocationLog";

const SCHEMA: &str = "Bedrock writes it in every invocation log record; keep the records unchanged";

/// The record fields that become labels, and the labels' names.
const LABELS: [(&str, &str); 4] = [
    ("accountId", "account"),
    ("region", "region"),
    ("inferenceRegion", "inference_region"),
    ("operation", "operation"),
];

/// One usage record per invocation log record.
pub fn usage(records: &[Obj<'_>]) -> Result<Vec<Usage>, InputError> {
    records.iter().map(record).collect()
}

fn record(r: &Obj<'_>) -> Result<Usage, InputError> {
    let kind = r.require("schemaType", Obj::text, SCHEMA)?;
    if kind != SCHEMA_TYPE {
        return Err(r
            .error(Some("schemaType"), format!("expected `{SCHEMA_TYPE}`, found `{kind}`"))
            .with_hint(format!("expected {EXPECTED}")));
    }
    let input = r.require("input", Obj::object, SCHEMA)?;
    let output = r.require("output", Obj::object, SCHEMA)?;
    let tokens = UsageTokens {
        input: input.require("inputTokenCount", Obj::count, SCHEMA)?,
        cache_read: input.count("cacheReadInputTokenCount")?.unwrap_or(0),
        cache_write_5m: input.count("cacheWriteInputTokenCount")?.unwrap_or(0),
        output: output.require("outputTokenCount", Obj::count, SCHEMA)?,
        ..UsageTokens::default()
    };
    let mut labels = BTreeMap::new();
    for (field, label) in LABELS {
        if let Some(value) = r.text(field)? {
            labels.insert(label.to_string(), value);
        }
    }
    if let Some(arn) = r.object("identity")?.map(|id| id.text("arn")).transpose()?.flatten() {
        labels.insert("identity".to_string(), arn);
    }
    if let Some(metadata) = r.object("requestMetadata")? {
        for (key, value) in metadata.strings() {
            labels.insert(format!("metadata.{key}"), value);
        }
    }
    Ok(Usage {
        origin: Origin::of(r),
        start: r.require("timestamp", Obj::rfc3339, SCHEMA)?,
        model: r.require("modelId", Obj::text, SCHEMA)?,
        requests: 1,
        tokens,
        unpriced: BTreeMap::new(),
        long_context: None,
        batch: false,
        service_tier: None,
        recorded_cost: None,
        labels,
        tags: Vec::new(),
        prompt: None,
        id: r.text("requestId")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json::Doc;

    #[test]
    fn aws_s_example_record_is_one_call() {
        // AWS's example invocation log (user guide, "Add request metadata to
        // prompts and associated responses"), its long completion shortened.
        let text = r#"{
    "schemaType": "ModelInvocationLog",
    "schemaVersion": "1.0",
    "timestamp": "2024-09-11T17:16:18Z",
    "accountId": "XXXXX",
    "identity": {
        "arn": "arn:aws:sts::XXXXXXX:assumed-role/Admin/XXXXXX"
    },
    "region": "us-east-1",
    "requestId": "7ee514f3-9eff-467c-af75-8fd564ce58e5",
    "operation": "InvokeModel",
    "modelId": "meta.llama3-1-405b-instruct-v1:0",
    "input": {
        "inputContentType": "application/json",
        "inputBodyJson": {
            "prompt": "story of two dogs",
            "max_tokens_to_sample": 300
        },
        "inputTokenCount": 13
    },
    "output": {
        "outputContentType": "application/json",
        "outputBodyJson": {
            "type": "completion",
            "completion": " Here is a story about two dogs: ...",
            "stop_reason": "max_tokens",
            "stop": null
        },
        "outputTokenCount": 300
    },
    "requestMetadata": {
        "project": "CustomerService",
        "intent": "ComplaintResolution",
        "priority": "High"
    }
}"#;
        let records = usage(&Doc { name: "log.json", text }.objects("logs").unwrap()).unwrap();
        let r = &records[0];
        assert_eq!(
            (
                r.model.as_str(),
                r.requests,
                r.tokens.input,
                r.tokens.output,
                r.tokens.prompt()
            ),
            ("meta.llama3-1-405b-instruct-v1:0", 1, 13, 300, 13)
        );
        assert_eq!(r.start.to_rfc3339(), "2024-09-11T17:16:18+00:00");
        assert_eq!(r.id.as_deref(), Some("7ee514f3-9eff-467c-af75-8fd564ce58e5"));
        let labels: Vec<(&str, &str)> = r.labels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            labels,
            [
                ("account", "XXXXX"),
                ("identity", "arn:aws:sts::XXXXXXX:assumed-role/Admin/XXXXXX"),
                ("metadata.intent", "ComplaintResolution"),
                ("metadata.priority", "High"),
                ("metadata.project", "CustomerService"),
                ("operation", "InvokeModel"),
                ("region", "us-east-1"),
            ]
        );
    }
}
