//! What the techniques do to one request of a tier on one model
//! (docs/techniques.md): pruning (context), summary (history), early stop
//! (output), in that order, and the reasoning the model adds. The tariff
//! (`crate::tariff::bill`) then bills the request.

use crate::pricing::Model;
use crate::scenario::TierTokens;
use crate::tariff::RequestTokens;
use crate::techniques::{Technique, Techniques};
use rust_decimal::Decimal;
use serde::Serialize;

/// What one technique did to one token count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adjustment {
    pub technique: Technique,
    pub tokens: &'static str,
    pub before: Decimal,
    pub after: Decimal,
    pub description: String,
}

/// A request's tokens after the techniques, and what each changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shaped {
    pub tokens: RequestTokens,
    pub adjustments: Vec<Adjustment>,
}

/// Applies the token techniques, in order, to a tier's tokens for `model`.
pub fn shape(tier: &TierTokens, techniques: &Techniques, model: &Model) -> Shaped {
    let mut adjustments = Vec::new();
    let mut adjust = |technique, tokens, before: Decimal, after: Decimal, description: String| {
        if after != before {
            adjustments.push(Adjustment {
                technique,
                tokens,
                before,
                after,
                description,
            });
        }
        after
    };
    let context = Decimal::from(tier.context);
    let context = match &techniques.pruning {
        Some(p) => adjust(Technique::Pruning, "context", context, p.apply(context), p.describe()),
        None => context,
    };
    let history = Decimal::from(tier.history);
    let history = match &techniques.summary {
        Some(s) => adjust(Technique::Summary, "history", history, s.apply(history), s.describe()),
        None => history,
    };
    let visible = Decimal::from(tier.output);
    let output = match &techniques.early_stop {
        Some(e) => adjust(Technique::EarlyStop, "output", visible, e.apply(visible), e.describe()),
        None => visible,
    };
    // Hidden reasoning happens before the answer streams: early stop does not cut it.
    let reasoning = match model.reasoning_ratio_for(tier.reasoning) {
        Some(ratio) => visible * ratio,
        None => Decimal::from(tier.reasoning.unwrap_or(0)),
    };
    Shaped {
        tokens: RequestTokens {
            system: Decimal::from(tier.system),
            context,
            history,
            user: Decimal::from(tier.user),
            output,
            reasoning,
        },
        adjustments,
    }
}
