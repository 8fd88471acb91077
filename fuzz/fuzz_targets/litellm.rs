//! A LiteLLM price list: `litellm::import`, then the written catalog loaded back.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| llmcost_fuzz::litellm(data));
