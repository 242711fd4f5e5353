//! One line per clause, and the summary line the tools read.

use std::fmt;

use crate::config::AllowSkip;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail(String),
    Skip(String),
}

#[derive(Clone, Debug)]
pub struct Line {
    pub clause: String,
    pub outcome: Outcome,
    /// What a passing clause found worth saying (which paginator the
    /// backend uses, say): `PASS clause: note`, still one line.
    pub note: Option<String>,
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Pass => match &self.note {
                Some(note) => write!(f, "PASS {}: {}", self.clause, one_line(note)),
                None => write!(f, "PASS {}", self.clause),
            },
            Outcome::Fail(why) => write!(f, "FAIL {}: {}", self.clause, one_line(why)),
            Outcome::Skip(why) => write!(f, "SKIP {}: {}", self.clause, one_line(why)),
        }
    }
}

/// Keeps each result on its own line and readable: a backend's answer can
/// be long or hold newlines.
fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() > 300 {
        format!("{}…", flat.chars().take(300).collect::<String>())
    } else {
        flat
    }
}

/// Collects the lines and, when `echo` is on, prints each as it is decided,
/// so a slow or hanging check shows where it is.
#[derive(Default)]
pub struct Report {
    pub lines: Vec<Line>,
    pub echo: bool,
}

impl Report {
    pub fn new(echo: bool) -> Report {
        Report {
            lines: Vec::new(),
            echo,
        }
    }

    pub fn record(&mut self, clause: impl Into<String>, outcome: Outcome) {
        self.record_noting(clause, outcome, None);
    }

    fn record_noting(&mut self, clause: impl Into<String>, outcome: Outcome, note: Option<String>) {
        let line = Line {
            clause: clause.into(),
            outcome,
            note,
        };
        if self.echo {
            println!("{line}");
        }
        self.lines.push(line);
    }

    /// Records a check's result: `Ok` passes, `Err` fails with what was seen.
    pub fn check(&mut self, clause: impl Into<String>, result: Result<(), String>) -> bool {
        let passed = result.is_ok();
        self.record(
            clause,
            match result {
                Ok(()) => Outcome::Pass,
                Err(why) => Outcome::Fail(why),
            },
        );
        passed
    }

    /// As `check`, but a pass says what it found: `PASS clause: note`.
    pub fn check_noting(
        &mut self,
        clause: impl Into<String>,
        result: Result<String, String>,
    ) -> bool {
        match result {
            Ok(note) => {
                self.record_noting(clause, Outcome::Pass, Some(note));
                true
            }
            Err(why) => {
                self.record(clause, Outcome::Fail(why));
                false
            }
        }
    }

    pub fn skip(&mut self, clause: impl Into<String>, why: impl Into<String>) {
        self.record(clause, Outcome::Skip(why.into()));
    }

    fn count(&self, wanted: fn(&Outcome) -> bool) -> usize {
        self.lines.iter().filter(|l| wanted(&l.outcome)).count()
    }

    pub fn passed(&self) -> usize {
        self.count(|o| *o == Outcome::Pass)
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Fail(_)))
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skip(_)))
    }

    /// Skipped clauses the caller did not allow: each one fails the run,
    /// since an unchecked clause is not a passed one.
    pub fn refused_skips(&self, allow: &AllowSkip) -> Vec<&Line> {
        self.lines
            .iter()
            .filter(|l| matches!(l.outcome, Outcome::Skip(_)) && !allow.allows(&l.clause))
            .collect()
    }

    /// `N passed, M failed` and `, K skipped` when some were skipped.
    pub fn summary(&self) -> String {
        let mut summary = format!("{} passed, {} failed", self.passed(), self.failed());
        if self.skipped() > 0 {
            summary.push_str(&format!(", {} skipped", self.skipped()));
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_allowed_skips_are_let_through() {
        let mut report = Report::new(false);
        report.check("a", Ok(()));
        report.skip("b", "needs --customer");
        report.skip("v2 c", "not offered");
        let refused = |allow: AllowSkip| -> Vec<String> {
            report
                .refused_skips(&allow)
                .iter()
                .map(|l| l.clause.clone())
                .collect()
        };
        assert_eq!(refused(AllowSkip::None), ["b", "v2 c"]);
        assert_eq!(refused(AllowSkip::All), Vec::<String>::new());
        assert_eq!(refused(AllowSkip::Clauses(vec!["v2 *".into()])), ["b"]);
    }

    #[test]
    fn a_pass_may_say_what_it_found_on_its_one_line() {
        let mut report = Report::new(false);
        assert!(report.check_noting("shape", Ok("simple,\nplain".into())));
        assert!(!report.check_noting("other", Err("bad".into())));
        assert_eq!(report.lines[0].to_string(), "PASS shape: simple, plain");
        assert_eq!(report.lines[1].to_string(), "FAIL other: bad");
        assert_eq!(report.summary(), "1 passed, 1 failed");
    }
}
