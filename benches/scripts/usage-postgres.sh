#!/usr/bin/env bash
# Rows per second and peak memory of `llmcost usage price` reading a LiteLLM
# proxy's spend logs straight from PostgreSQL, with a release build.
#
#   benches/scripts/usage-postgres.sh                 # 1,000,000 and 10,000,000 rows
#   benches/scripts/usage-postgres.sh 100000          # other sizes
#
# It starts a private server (the newest /usr/lib/postgresql/*/bin; as the
# system user `postgres` when run as root, since PostgreSQL refuses root) on a
# free local port with its data in a temporary folder, creates the
# `LiteLLM_SpendLogs` table of tests/fixtures/litellm-spend-logs.sql (LiteLLM's
# own schema and its six calls), and adds the generated calls in the server
# with `generate_series`: a call every 0.25 s from 2026-11-01 on three models,
# prompts of 200 to 5,199 tokens and completions of 50 to 1,549, every other
# call reading half its prompt from the cache (in `metadata.usage_object`, as
# the proxy writes it), twelve teams, ten thousand users, one tag. `metadata`
# holds every key of LiteLLM's `SpendLogsMetadata` (litellm/proxy/_types.py in
# BerriAI/litellm), about 1.6 kB a row as the proxy writes it: the caller's
# key (its SHA-256, alias, team, user), the requester's address, the usage,
# and `model_map_information`, the model's entry of LiteLLM's cost map (from
# model_prices_and_context_window.json of litellm 1.80.0). Then it runs
# `llmcost usage price` on the whole table under GNU time: rows per second of
# elapsed time, the client's CPU time (user + system), and its peak resident
# memory. The server shares the machine's cores (it sends the rows), so elapsed
# time includes its work. The server and its folder are removed at the end.
#
# Not part of `cargo test`: run it by hand (it needs the PostgreSQL server
# programs, as `scripts/test` installs them, GNU time at /usr/bin/time and bc).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "error: PostgreSQL's server programs are not installed (run scripts/test once)" >&2; exit 1; }
cargo build --release --locked --quiet
llmcost=$PWD/target/release/llmcost

dir=$(mktemp -d "${TMPDIR:-/tmp}/llmcost-pg-bench.XXXXXX")
as_server=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$dir"
    as_server=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
    "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
(cd "$dir" && "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U llmcost --auth=trust --encoding=UTF8 --no-locale >/dev/null)
(cd "$dir" && "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" -w start >/dev/null)
url="postgres://llmcost@127.0.0.1:$port/postgres"
psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U llmcost -d postgres)

for rows in "${sizes[@]}"; do
    "${psql[@]}" -c 'DROP TABLE IF EXISTS "LiteLLM_SpendLogs"'
    "${psql[@]}" -f tests/fixtures/litellm-spend-logs.sql
    start=$(date +%s%N)
    "${psql[@]}" <<SQL
WITH maps (m, entry) AS (VALUES
    ('gpt-4o-2024-08-06', '{"cache_read_input_token_cost":1.25e-06,"input_cost_per_token":2.5e-06,"input_cost_per_token_batches":1.25e-06,"litellm_provider":"openai","max_input_tokens":128000,"max_output_tokens":16384,"max_tokens":16384,"mode":"chat","output_cost_per_token":1e-05,"output_cost_per_token_batches":5e-06,"supports_function_calling":true,"supports_parallel_function_calling":true,"supports_pdf_input":true,"supports_prompt_caching":true,"supports_response_schema":true,"supports_system_messages":true,"supports_tool_choice":true,"supports_service_tier":true,"supports_vision":true}'::jsonb),
    ('gpt-4o-mini-2024-07-18', '{"cache_read_input_token_cost":7.5e-08,"input_cost_per_token":1.5e-07,"input_cost_per_token_batches":7.5e-08,"litellm_provider":"openai","max_input_tokens":128000,"max_output_tokens":16384,"max_tokens":16384,"mode":"chat","output_cost_per_token":6e-07,"output_cost_per_token_batches":3e-07,"search_context_cost_per_query":{"search_context_size_high":0.03,"search_context_size_low":0.025,"search_context_size_medium":0.0275},"supports_function_calling":true,"supports_parallel_function_calling":true,"supports_pdf_input":true,"supports_prompt_caching":true,"supports_response_schema":true,"supports_system_messages":true,"supports_tool_choice":true,"supports_service_tier":true,"supports_vision":true}'::jsonb),
    ('gpt-4.1', '{"cache_read_input_token_cost":5e-07,"cache_read_input_token_cost_priority":8.75e-07,"input_cost_per_token":2e-06,"input_cost_per_token_batches":1e-06,"input_cost_per_token_priority":3.5e-06,"litellm_provider":"openai","max_input_tokens":1047576,"max_output_tokens":32768,"max_tokens":32768,"mode":"chat","output_cost_per_token":8e-06,"output_cost_per_token_batches":4e-06,"output_cost_per_token_priority":1.4e-05,"supported_endpoints":["/v1/chat/completions","/v1/batch","/v1/responses"],"supported_modalities":["text","image"],"supported_output_modalities":["text"],"supports_function_calling":true,"supports_native_streaming":true,"supports_parallel_function_calling":true,"supports_pdf_input":true,"supports_prompt_caching":true,"supports_response_schema":true,"supports_system_messages":true,"supports_tool_choice":true,"supports_service_tier":true,"supports_vision":true}'::jsonb))
INSERT INTO "LiteLLM_SpendLogs" ("request_id", "call_type", "api_key", "spend", "total_tokens",
    "prompt_tokens", "completion_tokens", "startTime", "endTime", "model", "model_group",
    "custom_llm_provider", "user", "metadata", "cache_hit", "request_tags", "team_id", "end_user", "status")
SELECT 'gen-' || g, 'acompletion', 'key-' || (g % 7), round((pt * 2.5 + ct * 10) / 1e6, 8), pt + ct, pt, ct,
    at, at + interval '2 seconds', m, m, 'openai', 'user-' || (g % 10000),
    jsonb_build_object('user_api_key', encode(sha256(('sk-' || (g % 7))::bytea), 'hex'),
        'user_api_key_alias', 'key-' || (g % 7), 'user_api_key_team_id', 'team-' || (g % 12),
        'user_api_key_org_id', NULL, 'user_api_key_user_id', 'user-' || (g % 10000),
        'user_api_key_team_alias', 'Team ' || (g % 12), 'spend_logs_metadata', NULL,
        'requester_ip_address', '10.0.' || (g % 250) || '.' || (g % 200), 'applied_guardrails', '[]'::jsonb,
        'mcp_tool_call_metadata', NULL, 'vector_store_request_metadata', NULL, 'guardrail_information', NULL,
        'status', 'success', 'proxy_server_request', NULL, 'batch_models', NULL, 'error_information', NULL,
        'usage_object', jsonb_build_object('prompt_tokens', pt, 'completion_tokens', ct, 'total_tokens', pt + ct,
            'prompt_tokens_details', jsonb_build_object('cached_tokens', (g % 2) * (pt / 2)),
            'completion_tokens_details', jsonb_build_object('reasoning_tokens', 0)),
        'additional_usage_values', jsonb_build_object(
            'prompt_tokens_details', jsonb_build_object('cached_tokens', (g % 2) * (pt / 2)),
            'completion_tokens_details', jsonb_build_object('reasoning_tokens', 0)),
        'model_map_information', jsonb_build_object('model_map_key', m, 'model_map_value', maps.entry)),
    'False', '["prod"]'::jsonb, 'team-' || (g % 12), 'cust-' || (g % 1000), 'success'
FROM (SELECT g, 200 + (g * 7919) % 5000 AS pt, 50 + (g * 104729) % 1500 AS ct,
        timestamp '2026-11-01' + g * interval '250 milliseconds' AS at,
        (ARRAY['gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18', 'gpt-4.1'])[1 + g % 3] AS m
      FROM generate_series(1::bigint, $rows) AS g) AS calls JOIN maps USING (m);
ANALYZE "LiteLLM_SpendLogs";
SQL
    echo "loaded $rows rows in $(( ($(date +%s%N) - start) / 1000000 )) ms"
    start=$(date +%s%N)
    /usr/bin/time -v "$llmcost" usage price "$url" --format csv >/dev/null 2>"$dir/time.txt" ||
        { cat "$dir/time.txt" >&2; exit 1; }
    ns=$(( $(date +%s%N) - start ))
    total=$((rows + 6))
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time.txt")
    cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$dir/time.txt" | paste -sd+ | bc)
    echo "  $total rows priced in $((ns / 1000000)) ms: $(echo "$total * 1000000000 / $ns" | bc) rows/s;" \
        "client CPU $cpu s; peak memory $((rss / 1024)) MiB"
done
