//! The end of every `--help`: two or three examples that run as written from
//! the repository's root, and the page that documents the command. A line
//! `# ... (exit code N)` above an example states an exit code other than 0.

pub const LLMCOST: &str = "\
Examples:
  # Every strategy of the embedded reference scenario, priced and compared
  llmcost simulate
  # Every line of one strategy's bill
  llmcost explain --strategy routed
  # What the autumn 2026 price list does to the bill, retired models replaced
  llmcost diff --base pricing/list-2025-11.yaml --head pricing/list-2026-10.yaml --map gemini-2.0-flash=gemini-2.5-flash-lite --map claude-3-7-sonnet=claude-sonnet-5

Docs: README.md#documentation (the index of docs/); `llmcost help COMMAND` for each command";

pub const SIMULATE: &str = "\
Examples:
  # The embedded reference scenario on the November 2025 list prices
  llmcost simulate
  # A scenario file on the catalog given, as CSV
  llmcost simulate scenarios/routellm-mt-bench.yaml --pricing pricing/routellm-2024.yaml --format csv
  # Classifiers, a cascade and fallbacks, as one self-contained page to share, each strategy's bill one click away
  llmcost simulate scenarios/service-company-routing.yaml --format html --output report.html

Docs: docs/output-formats.md (and docs/html-report.md for the HTML page)";

pub const DIFF: &str = "\
Examples:
  # Two catalogs, the workload held fixed; retired models priced on replacements
  llmcost diff scenarios/service-company.yaml --base pricing/list-2025-11.yaml --head pricing/list-2026-10.yaml --map gemini-2.0-flash=gemini-2.5-flash-lite --map claude-3-7-sonnet=claude-sonnet-5
  # Two versions of a scenario, one strategy's cost as the estimate, a CI threshold
  llmcost diff --base-scenario scenarios/service-company.yaml --head-scenario scenarios/service-company-optimized.yaml --strategy routed --fail-on-increase 10
  # The same as a pull-request comment
  llmcost diff --base-scenario scenarios/service-company.yaml --head-scenario scenarios/service-company-optimized.yaml --format markdown

Docs: docs/diff.md (and docs/ci.md for CI)";

pub const CATALOG: &str = "\
Examples:
  llmcost catalog list --provider anthropic
  llmcost catalog show gpt-4o --pricing pricing/list-2026-10.yaml
  # An implausible price fails the check with --strict (exit code 3)
  llmcost catalog validate pricing/list-2025-11.yaml pricing/list-2026-10.yaml --strict

Docs: docs/catalogs.md#llmcost-catalog";

pub const CATALOG_VALIDATE: &str = "\
Examples:
  llmcost catalog validate pricing/list-2025-11.yaml pricing/list-2026-10.yaml
  # The 2025 list has one implausible price: a CI check fails (exit code 3)
  llmcost catalog validate pricing/list-2025-11.yaml --strict
  # Prices that moved by more than 5% between two lists (exit code 3 when any did)
  llmcost catalog validate pricing/list-2026-10.yaml --against pricing/list-2025-11.yaml --tolerance 5

Docs: docs/catalogs.md#price-history";

pub const CATALOG_LIST: &str = "\
Examples:
  # The embedded November 2025 list prices
  llmcost catalog list
  llmcost catalog list --pricing pricing/list-2026-10.yaml --provider anthropic --model 'claude-sonnet-*'

Docs: docs/catalogs.md#llmcost-catalog";

pub const USAGE: &str = "\
Examples:
  llmcost usage price tests/fixtures/usage/openai-usage-pages.json --pricing pricing/list-2026-10.yaml
  llmcost usage price tests/fixtures/usage/litellm-spend-logs.csv --format csv

Docs: docs/usage.md";

pub const REPLAY: &str = "\
Examples:
  llmcost replay tests/fixtures/usage/replay-calls.csv tests/fixtures/usage/replay-scenario.yaml --mapping tests/fixtures/usage/replay-mapping.yaml --tiers tier
  llmcost replay tests/fixtures/usage/replay-calls.csv tests/fixtures/usage/replay-scenario.yaml --mapping tests/fixtures/usage/replay-mapping.yaml --format csv

Docs: docs/replay.md#llmcost-replay";

pub const VARIANCE: &str = "\
Examples:
  llmcost variance tests/fixtures/usage/variance-plan.yaml tests/fixtures/usage/variance-calls.csv --mapping tests/fixtures/usage/variance-mapping.yaml --tiers tier
  llmcost variance tests/fixtures/usage/variance-plan.yaml tests/fixtures/usage/variance-calls.csv --mapping tests/fixtures/usage/variance-mapping.yaml --tiers tier --format csv
  llmcost variance tests/fixtures/usage/variance-plan.yaml tests/fixtures/usage/variance-calls.csv --mapping tests/fixtures/usage/variance-mapping.yaml --tiers tier --recorded

Docs: docs/variance.md#llmcost-variance";

pub const USAGE_PRICE: &str = "\
Examples:
  llmcost usage price tests/fixtures/usage/openai-usage-pages.json --pricing pricing/list-2026-10.yaml
  llmcost usage price tests/fixtures/usage/litellm-spend-logs.csv --since 2026-11-01 --until 2026-12-01
  llmcost usage price --sql postgres --sql-table analytics.usage

Docs: docs/usage.md#options";

pub const CATALOG_SHOW: &str = "\
Examples:
  llmcost catalog show claude-3-7-sonnet
  llmcost catalog show gpt-4o --pricing pricing/list-2026-10.yaml --format json

Docs: docs/catalogs.md#llmcost-catalog";

pub const CATALOG_IMPORT: &str = "\
Examples:
  # A LiteLLM price list to a catalog on stdout, dated the day its prices were true
  llmcost catalog import tests/fixtures/litellm-2026-subset.json --as-of 2026-09-29
  # Price periods from two LiteLLM lists of different days
  llmcost catalog import tests/fixtures/history/litellm-2026-10-excerpt.json --as-of 2026-09-29 --snapshot 2025-11-13=tests/fixtures/history/litellm-2025-11-excerpt.json
  # genai-prices' data, dated prices and tiered rates included
  llmcost catalog import tests/fixtures/history/genai-prices-excerpt.json --from genai-prices --as-of 2026-08-21

Docs: docs/catalogs.md#llmcost-catalog";

pub const CATALOG_EXPORT: &str = "\
Examples:
  llmcost catalog export
  llmcost catalog export --pricing pricing/list-2026-10.yaml --format json --output rates.json

Docs: docs/catalogs.md#llmcost-catalog";

pub const LADDER: &str = "\
Examples:
  # Without --strategy, the error names the scenario's strategies (exit code 2)
  llmcost ladder scenarios/service-company-optimized.yaml
  llmcost ladder scenarios/service-company-optimized.yaml --strategy 'routed + all'
  llmcost ladder scenarios/service-company-optimized.yaml --strategy 'routed + all' --format csv

Docs: docs/techniques.md";

pub const EXPLAIN: &str = "\
Examples:
  llmcost explain --strategy routed
  llmcost explain scenarios/service-company-optimized.yaml --strategy 'routed + caching' --format csv
  llmcost explain scenarios/service-company-routing.yaml --strategy hybrid --format markdown

Docs: docs/techniques.md#csv-columns-of-ladder-and-explain";

pub const ROUTE_EVAL: &str = "\
Examples:
  llmcost route-eval scenarios/rules/whitepaper-keywords.yaml scenarios/rules/service-questions.csv
  # The counts, as YAML a scenario's classifier reads with `matrix_file:`
  llmcost route-eval scenarios/rules/whitepaper-keywords.yaml scenarios/rules/service-questions.csv --matrix counts.yaml --format csv

Docs: docs/routing.md#measuring-keyword-rules-route-eval";

pub const ROUTER_CALIBRATE: &str = "\
Examples:
  # The curve, CPT(50%) and APGR of a hand-made labelled file
  llmcost router-calibrate tests/fixtures/router/labelled.csv
  # The threshold recovering half the gap, priced on the RouteLLM scenario
  llmcost router-calibrate tests/fixtures/router/labelled.csv --gap-recovered 50% --scenario scenarios/routellm-mt-bench.yaml --strong-strategy gpt-4 --weak-strategy mixtral
  # At most 30% of questions on the strong model, as CSV
  llmcost router-calibrate tests/fixtures/router/labelled.csv --strong-share 30% --format csv

Docs: docs/optimize.md#calibrating-a-router-router-calibrate";

pub const MONTECARLO: &str = "\
Examples:
  llmcost montecarlo scenarios/service-company-uncertain.yaml --runs 10000 --seed 7 --budget 90
  llmcost montecarlo --runs 1000 --seed 7 --plot costs.svg --format csv --output costs.csv

Docs: docs/montecarlo.md";

pub const OPTIMIZE: &str = "\
Examples:
  # The cheapest plan of the routing scenario at 90% quality, and the frontier
  llmcost optimize scenarios/service-company-routing.yaml --quality-floor 90%
  # The best quality for $20 a month from two models, as CSV
  llmcost optimize scenarios/service-company-routing.yaml --budget 20 --models gpt-4o-mini,claude-3-7-sonnet --format csv
  # The plan added to a copy of the scenario as strategy `optimized`
  llmcost optimize scenarios/service-company-routing.yaml --quality-floor 0.9 --write-strategy optimized --write-to optimized.yaml

Docs: docs/optimize.md";

pub const SWEEP: &str = "\
Examples:
  llmcost sweep --set volume.interactions_per_day=100,1000,10000
  # Where routing stops paying as complex tasks grow
  llmcost sweep --set tiers.complex.share=0..1:0.25 --breakeven routed,gpt-4o --plot complex-share.svg
  llmcost sweep --set price.gpt-4o-mini.output=0.3..0.9:0.1 --set techniques.caching.hit_rate=0,50%,90% --format csv

Docs: docs/what-if.md#llmcost-sweep-how-the-answer-moves-with-an-assumption";

pub const COMPLETIONS: &str = "\
Examples:
  # The bash script on stdout: `source <(llmcost completions bash)` loads it into the running shell
  llmcost completions bash
  llmcost completions zsh --output _llmcost

Docs: README.md#shell-completions-and-manual-pages";

pub const MAN: &str = "\
Examples:
  # Read it with `man -l llmcost.1`; put it in ~/.local/share/man/man1/ to keep it
  llmcost man --output llmcost.1
  # The page of one command
  llmcost man catalog show

Docs: README.md#shell-completions-and-manual-pages";

pub const CALIBRATE: &str = "\
Examples:
  # One tier per team of a table's calls, the scenario written to calibrated.yaml
  llmcost calibrate tests/fixtures/usage/table.csv --mapping tests/fixtures/usage/table-mapping.yaml --tiers team --output calibrated.yaml
  # LiteLLM's spend logs, two tiers by prompt size, priced at the October 2026 list prices
  llmcost calibrate tests/fixtures/usage/litellm-spend-logs.csv --tiers-by-size 2 --pricing pricing/list-2026-10.yaml --output calibrated.yaml

Docs: docs/calibrate.md#llmcost-calibrate-a-scenario-measured-from-logs";

pub const FORECAST: &str = "\
Examples:
  # November from LiteLLM's spend logs against a $1 budget
  llmcost forecast tests/fixtures/usage/litellm-spend-logs.csv --budget 1
  # A scheduled check: exit code 3 when the chance of exceeding $1 is above 20%
  llmcost forecast tests/fixtures/usage/litellm-spend-logs.csv --budget 1 --fail-above-probability 20% --runs 2000 --seed 7
  # As JSON, for a dashboard
  llmcost forecast tests/fixtures/usage/litellm-spend-logs.csv --budget 1 --month 2026-11 --format json

Docs: docs/forecast.md#llmcost-forecast-the-month-end-from-the-month-so-far";
