//! How many interactions a month a scenario has: per month, or per day times
//! days a month (30 unless given), within limits that keep every monthly
//! figure far from a decimal's range. The loader and sweeps both build
//! volumes here, so the rules are the same for a file and a grid point.

use rust_decimal::Decimal;

/// Days a month when a per-day volume gives none, and the days a monthly
/// volume is spread over when Monte Carlo draws it day by day.
pub const DEFAULT_DAYS_PER_MONTH: u32 = 30;
/// The most days a "month" may have: a year, for yearly planning.
pub const MAX_DAYS_PER_MONTH: u32 = 366;
/// The largest monthly volume accepted.
pub const MAX_INTERACTIONS_PER_MONTH: i64 = 1_000_000_000_000;

/// Interactions a month, and how the scenario stated them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub per_month: Decimal,
    /// `(interactions a day, days a month)` when given per day.
    pub per_day: Option<(Decimal, Decimal)>,
}

/// Which number of a volume is out of range, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeError {
    /// `interactions_per_day`, `days_per_month` or `interactions_per_month`.
    pub field: &'static str,
    pub message: String,
}

impl Volume {
    /// `per_month` interactions a month.
    pub fn monthly(per_month: Decimal) -> Result<Self, VolumeError> {
        non_negative("interactions_per_month", per_month)?;
        within_limit("interactions_per_month", per_month, "interactions a month")?;
        Ok(Self {
            per_month: per_month.normalize(),
            per_day: None,
        })
    }

    /// `per_day` interactions on each of `days` days (30 when `None`).
    pub fn daily(per_day: Decimal, days: Option<Decimal>) -> Result<Self, VolumeError> {
        non_negative("interactions_per_day", per_day)?;
        within_limit("interactions_per_day", per_day, "interactions a day")?;
        let days = days.unwrap_or(Decimal::from(DEFAULT_DAYS_PER_MONTH));
        if days <= Decimal::ZERO || days > Decimal::from(MAX_DAYS_PER_MONTH) {
            return Err(VolumeError {
                field: "days_per_month",
                message: format!(
                    "{} days is outside the valid range: more than 0 and at most {MAX_DAYS_PER_MONTH}",
                    days.normalize()
                ),
            });
        }
        let per_month = per_day * days;
        within_limit("interactions_per_day", per_month, "interactions a month")?;
        Ok(Self {
            per_month: per_month.normalize(),
            per_day: Some((per_day.normalize(), days.normalize())),
        })
    }

    /// Days a month, given or the default.
    pub fn days(&self) -> Decimal {
        self.per_day.map_or(Decimal::from(DEFAULT_DAYS_PER_MONTH), |(_, d)| d)
    }
}

fn non_negative(field: &'static str, v: Decimal) -> Result<(), VolumeError> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(VolumeError {
            field,
            message: format!("{} is negative", v.normalize()),
        });
    }
    Ok(())
}

fn within_limit(field: &'static str, v: Decimal, what: &str) -> Result<(), VolumeError> {
    if v > Decimal::from(MAX_INTERACTIONS_PER_MONTH) {
        return Err(VolumeError {
            field,
            message: format!(
                "{} {what} is above the limit of {MAX_INTERACTIONS_PER_MONTH} interactions a month",
                v.normalize()
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn volumes_and_their_limits() {
        assert_eq!(Volume::daily(dec!(100), None).unwrap().per_month, dec!(3000));
        assert_eq!(Volume::daily(dec!(100), Some(dec!(31))).unwrap().per_month, dec!(3100));
        assert_eq!(Volume::monthly(dec!(3000)).unwrap().per_day, None);
        let huge = Volume::daily(dec!(79228162514264337593543950335), Some(dec!(2))).unwrap_err();
        assert_eq!(huge.field, "interactions_per_day");
        let days = Volume::daily(dec!(1), Some(dec!(1000000000))).unwrap_err();
        assert_eq!(days.field, "days_per_month");
        for bad in [dec!(0), dec!(-2), dec!(367)] {
            let e = Volume::daily(dec!(1), Some(bad)).unwrap_err();
            assert_eq!(
                e.message,
                format!("{bad} days is outside the valid range: more than 0 and at most 366")
            );
        }
        assert!(Volume::daily(dec!(1), Some(dec!(0.5))).is_ok());
        assert_eq!(Volume::monthly(dec!(-1)).unwrap_err().message, "-1 is negative");
        // A month of the largest daily volume and a year of days stays within the limit only if small enough.
        assert!(Volume::daily(dec!(1000000000000), Some(dec!(366))).is_err());
    }
}
