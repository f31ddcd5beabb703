//! Practice that remembers: every grade a quiz records, and when each question is due
//! again, scheduled by FSRS (the algorithm Anki uses) from the grades, in one SQLite
//! file per user.
//!
//! Progress is kept per duplicate cluster (duplicates ask the same thing, so they
//! share it), with the id of the question last graded: it still holds for a question
//! while that id is the question's own or one of its duplicates', so it survives
//! re-indexing, new lists and edited wording, and starts fresh when the cluster has
//! become another question.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating, State};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::question::{Category, Level, Question};

/// The schema this qbank writes; `PRAGMA user_version` holds it in the file.
pub const SCHEMA_VERSION: i64 = 1;

/// The file's name in the per-user data directory.
pub const FILE_NAME: &str = "progress.sqlite3";

/// How a question went, as Anki asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    /// Did not know it.
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    /// A reply at the quiz's prompt: 1–4, the grade's name, or y (good) and n (again).
    pub fn from_reply(reply: &str) -> Option<Grade> {
        match reply.trim().to_lowercase().as_str() {
            "1" | "again" | "n" | "no" => Some(Grade::Again),
            "2" | "hard" => Some(Grade::Hard),
            "3" | "good" | "y" | "yes" => Some(Grade::Good),
            "4" | "easy" => Some(Grade::Easy),
            _ => None,
        }
    }

    fn from_number(n: i64) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| *g as i64 == n)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    /// Whether it counts as known: every grade but "again".
    pub fn knew(self) -> bool {
        self != Grade::Again
    }

    fn rating(self) -> Rating {
        match self {
            Grade::Again => Rating::Again,
            Grade::Hard => Rating::Hard,
            Grade::Good => Rating::Good,
            Grade::Easy => Rating::Easy,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error(
        "{path} was written by a newer qbank (progress format {found}, this qbank reads \
         up to {SCHEMA_VERSION}); it is left as it is: use that qbank, or move the file away"
    )]
    Newer { path: String, found: i64 },
    #[error("cannot use the progress file {path}: {source}")]
    Sql {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot keep the damaged progress file {path} aside: {source}")]
    KeepAside {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What is known of one cluster: its schedule and its last grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub cluster: String,
    /// The question last graded (the cluster's member the quiz showed).
    pub question_id: String,
    pub due: DateTime<Utc>,
    pub last_grade: Grade,
    pub last_review: DateTime<Utc>,
    pub reviews: i64,
    pub lapses: i64,
    card: Card,
}

/// One grade, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub cluster: String,
    pub question_id: String,
    pub category: String,
    pub level: String,
    pub grade: Grade,
    pub at: DateTime<Utc>,
}

/// How long a quiz waits for another to finish writing the progress file.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// Whether SQLite refused because another connection holds the file.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// The progress file, open.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating or migrating) the progress file. A file SQLite cannot read is
    /// moved aside (its new name is returned) and a new one started; one written by a
    /// newer qbank is an error and is left untouched.
    pub fn open(path: &Path) -> Result<(Store, Option<PathBuf>), ProgressError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        match Store::open_checked(path) {
            Ok(store) => Ok((store, None)),
            Err(ProgressError::Sql { source, .. }) if is_damage(&source) => {
                let aside = aside_name(path);
                std::fs::rename(path, &aside).map_err(|source| ProgressError::KeepAside {
                    path: path.display().to_string(),
                    source,
                })?;
                for suffix in ["-wal", "-shm"] {
                    let mut side = path.as_os_str().to_owned();
                    side.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(side));
                }
                Ok((Store::open_checked(path)?, Some(aside)))
            }
            Err(e) => Err(e),
        }
    }

    /// Opens the file as `open_once` does, again while SQLite answers that it is busy.
    /// In a few places SQLite says so at once instead of calling the busy handler: two
    /// quizzes started together on a new file meet there, one creating the tables or
    /// switching the file to write-ahead logging while the other opens it.
    fn open_checked(path: &Path) -> Result<Store, ProgressError> {
        let start = Instant::now();
        loop {
            match Store::open_once(path) {
                Err(ProgressError::Sql { source, .. })
                    if is_busy(&source) && start.elapsed() < BUSY_WAIT =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                opened => return opened,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, ProgressError> {
        let sql = |source| ProgressError::Sql {
            path: path.display().to_string(),
            source,
        };
        let conn = Connection::open(path).map_err(sql)?;
        // Two quizzes at once: readers never wait, a writer waits its turn.
        conn.busy_timeout(BUSY_WAIT).map_err(sql)?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(sql)?;
        if check != "ok" {
            return Err(sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(check),
            )));
        }
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        // Checked before anything is written: a newer qbank's file stays as it is.
        let version = store.version()?;
        if version > SCHEMA_VERSION {
            return Err(ProgressError::Newer {
                path: path.display().to_string(),
                found: version,
            });
        }
        let _: String = store
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(sql)?;
        store.migrate(version)?;
        Ok(store)
    }

    fn sql(&self, source: rusqlite::Error) -> ProgressError {
        ProgressError::Sql {
            path: self.path.display().to_string(),
            source,
        }
    }

    fn version(&self) -> Result<i64, ProgressError> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| self.sql(e))
    }

    /// Brings the file from `version` to `SCHEMA_VERSION`, one version at a time, each
    /// in a transaction.
    fn migrate(&self, version: i64) -> Result<(), ProgressError> {
        if version < 1 {
            self.conn
                .execute_batch(
                    "BEGIN IMMEDIATE;
                     CREATE TABLE IF NOT EXISTS cards (
                         cluster TEXT PRIMARY KEY,
                         question_id TEXT NOT NULL,
                         due TEXT NOT NULL,
                         stability REAL NOT NULL,
                         difficulty REAL NOT NULL,
                         elapsed_days INTEGER NOT NULL,
                         scheduled_days INTEGER NOT NULL,
                         reps INTEGER NOT NULL,
                         lapses INTEGER NOT NULL,
                         state INTEGER NOT NULL,
                         last_review TEXT NOT NULL,
                         last_grade INTEGER NOT NULL
                     );
                     CREATE TABLE IF NOT EXISTS reviews (
                         id INTEGER PRIMARY KEY,
                         cluster TEXT NOT NULL,
                         question_id TEXT NOT NULL,
                         category TEXT NOT NULL,
                         level TEXT NOT NULL,
                         grade INTEGER NOT NULL,
                         at TEXT NOT NULL
                     );
                     PRAGMA user_version = 1;
                     COMMIT;",
                )
                .map_err(|e| self.sql(e))?;
        }
        Ok(())
    }

    /// Records a grade for `question` at `now` and schedules it again; returns when it
    /// is due. Read and written in one transaction: quizzes running at once each add
    /// their grade to what the other wrote.
    pub fn record(
        &mut self,
        question: &Question,
        grade: Grade,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, ProgressError> {
        let path = self.path.display().to_string();
        let sql = |source| ProgressError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let mut stored = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM cards WHERE cluster = ?1"),
                [&question.cluster],
                known_of_row,
            )
            .optional()
            .map_err(sql)?
            .filter(|known| holds_for(known, question));
        // Graded under another name of its cluster (a list added since gave the cluster
        // another canonical member): the progress moves to the cluster's name now.
        if stored.is_none() {
            for id in std::iter::once(&question.id).chain(&question.duplicates) {
                let found = tx
                    .query_row(
                        &format!("SELECT {COLUMNS} FROM cards WHERE question_id = ?1"),
                        [id],
                        known_of_row,
                    )
                    .optional()
                    .map_err(sql)?;
                if let Some(known) = found {
                    tx.execute("DELETE FROM cards WHERE cluster = ?1", [&known.cluster])
                        .map_err(sql)?;
                    stored = Some(known);
                    break;
                }
            }
        }
        let card = match stored {
            Some(known) => known.card,
            None => Card {
                due: now,
                last_review: now,
                ..Card::default()
            },
        };
        let next = scheduler().next(card, now, grade.rating()).card;
        tx.execute(
            "INSERT INTO cards (cluster, question_id, due, stability, difficulty, elapsed_days,
                 scheduled_days, reps, lapses, state, last_review, last_grade)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT(cluster) DO UPDATE SET question_id = ?2, due = ?3, stability = ?4,
                 difficulty = ?5, elapsed_days = ?6, scheduled_days = ?7, reps = ?8,
                 lapses = ?9, state = ?10, last_review = ?11, last_grade = ?12",
            params![
                question.cluster,
                question.id,
                next.due.to_rfc3339(),
                next.stability,
                next.difficulty,
                next.elapsed_days,
                next.scheduled_days,
                next.reps,
                next.lapses,
                next.state as i64,
                now.to_rfc3339(),
                grade as i64,
            ],
        )
        .map_err(sql)?;
        tx.execute(
            "INSERT INTO reviews (cluster, question_id, category, level, grade, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                question.cluster,
                question.id,
                question.category.as_str(),
                question.level.as_str(),
                grade as i64,
                now.to_rfc3339(),
            ],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(next.due)
    }

    /// Everything known.
    pub fn known(&self) -> Result<Knowledge, ProgressError> {
        let mut statement = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM cards"))
            .map_err(|e| self.sql(e))?;
        let rows = statement
            .query_map([], known_of_row)
            .map_err(|e| self.sql(e))?;
        let mut known = Knowledge::default();
        for row in rows {
            let row = row.map_err(|e| self.sql(e))?;
            known
                .by_question
                .insert(row.question_id.clone(), row.cluster.clone());
            known.by_cluster.insert(row.cluster.clone(), row);
        }
        Ok(known)
    }

    /// Every grade recorded, oldest first.
    pub fn reviews(&self) -> Result<Vec<Review>, ProgressError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT cluster, question_id, category, level, grade, at FROM reviews ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok(Review {
                    cluster: row.get(0)?,
                    question_id: row.get(1)?,
                    category: row.get(2)?,
                    level: row.get(3)?,
                    grade: Grade::from_number(row.get(4)?).unwrap_or(Grade::Again),
                    at: date(&row.get::<_, String>(5)?),
                })
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.sql(e))
    }

    /// Deletes every grade and schedule; returns how many grades there were.
    pub fn reset(&mut self) -> Result<usize, ProgressError> {
        let path = self.path.display().to_string();
        let sql = |source| ProgressError::Sql {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let count: i64 = tx
            .query_row("SELECT count(*) FROM reviews", [], |row| row.get(0))
            .map_err(sql)?;
        tx.execute_batch("DELETE FROM reviews; DELETE FROM cards;")
            .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(usize::try_from(count).unwrap_or(0))
    }
}

/// FSRS with its default weights, scheduling in days: a quiz is taken once a day or
/// so, not again within minutes as Anki's learning steps would have it.
fn scheduler() -> FSRS {
    FSRS::new(Parameters {
        enable_short_term: false,
        ..Parameters::default()
    })
}

const COLUMNS: &str = "cluster, question_id, due, stability, difficulty, elapsed_days, \
    scheduled_days, reps, lapses, state, last_review, last_grade";

fn known_of_row(row: &rusqlite::Row) -> rusqlite::Result<Known> {
    let due = date(&row.get::<_, String>(2)?);
    let last_review = date(&row.get::<_, String>(10)?);
    let state = match row.get::<_, i64>(9)? {
        1 => State::Learning,
        2 => State::Review,
        3 => State::Relearning,
        _ => State::New,
    };
    let card = Card {
        due,
        stability: row.get(3)?,
        difficulty: row.get(4)?,
        elapsed_days: row.get(5)?,
        scheduled_days: row.get(6)?,
        reps: row.get(7)?,
        lapses: row.get(8)?,
        state,
        last_review,
    };
    Ok(Known {
        cluster: row.get(0)?,
        question_id: row.get(1)?,
        due,
        last_grade: Grade::from_number(row.get(11)?).unwrap_or(Grade::Again),
        last_review,
        reviews: i64::from(card.reps),
        lapses: i64::from(card.lapses),
        card,
    })
}

fn date(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

/// Whether progress recorded for a cluster holds for this question: the question
/// graded was this one or one of its duplicates.
fn holds_for(known: &Known, question: &Question) -> bool {
    known.question_id == question.id || question.duplicates.contains(&known.question_id)
}

/// Everything recorded, by cluster, and the cluster each graded question was in.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    by_cluster: HashMap<String, Known>,
    by_question: HashMap<String, String>,
}

impl Knowledge {
    /// What is known of `question`, if anything still holds for it: recorded for its
    /// cluster when it or a duplicate was graded, or for a cluster of another name
    /// where it or a duplicate was.
    pub fn of(&self, question: &Question) -> Option<&Known> {
        self.by_cluster
            .get(&question.cluster)
            .filter(|k| holds_for(k, question))
            .or_else(|| {
                std::iter::once(&question.id)
                    .chain(&question.duplicates)
                    .find_map(|id| {
                        self.by_question
                            .get(id)
                            .and_then(|cluster| self.by_cluster.get(cluster))
                    })
            })
    }

    pub fn len(&self) -> usize {
        self.by_cluster.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_cluster.is_empty()
    }
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// `progress.sqlite3.damaged-<seconds>`, beside it.
fn aside_name(path: &Path) -> PathBuf {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".damaged-{seconds}"));
    PathBuf::from(name)
}

/// Which questions a quiz asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// At random, seen or not.
    Any,
    /// Those due now (the longest overdue first), then new ones.
    Due,
    /// Only questions never graded.
    New,
    /// Those last graded "again".
    Missed,
}

/// The questions of `pool` a quiz of `count` asks, in order: shuffled by `seed` where
/// the order is free.
pub fn choose(
    pool: Vec<Question>,
    known: &Knowledge,
    choice: Choice,
    count: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Vec<Question> {
    let mut pool = crate::quiz::draw(pool, usize::MAX, seed);
    match choice {
        Choice::Any => {}
        Choice::New => pool.retain(|q| known.of(q).is_none()),
        Choice::Missed => {
            pool.retain(|q| known.of(q).is_some_and(|k| k.last_grade == Grade::Again));
        }
        Choice::Due => {
            let (mut due, fresh): (Vec<Question>, Vec<Question>) = pool
                .into_iter()
                .filter(|q| known.of(q).is_none_or(|k| k.due <= now))
                .partition(|q| known.of(q).is_some());
            due.sort_by_key(|q| known.of(q).map(|k| k.due));
            due.extend(fresh);
            pool = due;
        }
    }
    pool.truncate(count);
    pool
}

/// What `qbank progress` says.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// Questions due now, and when the next one is due after them.
    pub due_now: usize,
    pub next_due: Option<DateTime<Utc>>,
    /// Questions never graded.
    pub new: usize,
    pub seen: usize,
    pub questions: usize,
    pub reviews: usize,
    pub reviews_today: usize,
    /// Days in a row, up to today (or yesterday), with at least one grade (UTC days).
    pub streak_days: usize,
    pub longest_streak_days: usize,
    pub by_category: Vec<Standing>,
    pub by_level: Vec<Standing>,
}

/// How well one category or level is known.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Standing {
    pub name: String,
    pub questions: usize,
    pub seen: usize,
    /// Last graded hard, good or easy.
    pub known: usize,
    /// Last graded again.
    pub missed: usize,
    pub due: usize,
}

/// The report over `pool` (every question, one per cluster) at `now`.
pub fn report(
    pool: &[Question],
    known: &Knowledge,
    reviews: &[Review],
    now: DateTime<Utc>,
) -> Report {
    let mut by_category: BTreeMap<Category, Standing> = BTreeMap::new();
    let mut by_level: BTreeMap<Level, Standing> = BTreeMap::new();
    let (mut due_now, mut seen) = (0, 0);
    let mut next_due: Option<DateTime<Utc>> = None;
    for question in pool {
        let state = known.of(question);
        for standing in [
            by_category.entry(question.category).or_default(),
            by_level.entry(question.level).or_default(),
        ] {
            standing.questions += 1;
            if let Some(k) = state {
                standing.seen += 1;
                if k.last_grade.knew() {
                    standing.known += 1;
                } else {
                    standing.missed += 1;
                }
                if k.due <= now {
                    standing.due += 1;
                }
            }
        }
        if let Some(k) = state {
            seen += 1;
            if k.due <= now {
                due_now += 1;
            } else if next_due.is_none_or(|next| k.due < next) {
                next_due = Some(k.due);
            }
        }
    }
    let named = |name: String, standing: Standing| Standing { name, ..standing };
    let days: BTreeSet<NaiveDate> = reviews.iter().map(|r| r.at.date_naive()).collect();
    let (streak_days, longest_streak_days) = streaks(&days, now.date_naive());
    Report {
        due_now,
        next_due,
        new: pool.len() - seen,
        seen,
        questions: pool.len(),
        reviews: reviews.len(),
        reviews_today: reviews
            .iter()
            .filter(|r| r.at.date_naive() == now.date_naive())
            .count(),
        streak_days,
        longest_streak_days,
        by_category: by_category
            .into_iter()
            .map(|(c, s)| named(c.to_string(), s))
            .collect(),
        by_level: by_level
            .into_iter()
            .map(|(l, s)| named(l.to_string(), s))
            .collect(),
    }
}

/// The current streak (ending today, or yesterday when today has no grade yet) and
/// the longest, in days.
fn streaks(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> (usize, usize) {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for day in days {
        run = match previous {
            Some(p) if p.succ_opt() == Some(*day) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(*day);
    }
    let mut current = 0;
    let mut day = if days.contains(&today) {
        Some(today)
    } else {
        today.pred_opt()
    };
    while let Some(d) = day.filter(|d| days.contains(d)) {
        current += 1;
        day = d.pred_opt();
    }
    (current, longest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Provenance;
    use chrono::TimeZone;

    fn question(id: &str, cluster: &str, duplicates: &[&str]) -> Question {
        Question {
            id: id.into(),
            source: "s".into(),
            number: 1,
            line: 1,
            question: format!("What is {id}?"),
            title: None,
            code: None,
            explanation: None,
            section: None,
            category: Category::Databases,
            category_source: Provenance::Stated,
            category_confidence: 1.0,
            level: Level::Beginner,
            level_source: Provenance::Stated,
            level_confidence: 1.0,
            cluster: cluster.into(),
            duplicates: duplicates.iter().map(|d| d.to_string()).collect(),
            explanation_from: None,
            concepts: Vec::new(),
        }
    }

    fn day(n: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, n, 9, 0, 0)
            .single()
            .expect("a date")
    }

    fn store(dir: &Path) -> Store {
        Store::open(&dir.join(FILE_NAME)).expect("opens").0
    }

    #[test]
    fn grades_schedule_questions_across_days() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = store(dir.path());
        let a = question("s:1", "s:1", &[]);
        let b = question("s:2", "s:2", &[]);
        let good = store.record(&a, Grade::Good, day(1)).expect("recorded");
        let again = store.record(&b, Grade::Again, day(1)).expect("recorded");
        // "Again" comes back sooner than "good".
        assert!(again < good, "{again} {good}");
        assert!(good > day(1));
        let known = store.known().expect("read");
        let pool = vec![a.clone(), b.clone(), question("s:3", "s:3", &[])];
        let ids =
            |chosen: Vec<Question>| -> Vec<String> { chosen.into_iter().map(|q| q.id).collect() };
        // The same day: nothing due, the new question.
        let later = day(1) + chrono::Duration::hours(1);
        assert_eq!(
            ids(choose(pool.clone(), &known, Choice::Due, 10, 1, later)),
            ["s:3"]
        );
        // When "again" is due, it comes first.
        let again_due = again + chrono::Duration::minutes(1);
        assert_eq!(
            ids(choose(pool.clone(), &known, Choice::Due, 10, 1, again_due)),
            ["s:2", "s:3"]
        );
        let missed: Vec<String> = choose(pool.clone(), &known, Choice::Missed, 10, 1, later)
            .into_iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(missed, ["s:2"]);
        let new: Vec<String> = choose(pool.clone(), &known, Choice::New, 10, 1, later)
            .into_iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(new, ["s:3"]);
        // Days later, "good" is due too, the longest overdue first.
        let much_later = good + chrono::Duration::days(1);
        let due: Vec<String> = choose(pool, &known, Choice::Due, 10, 1, much_later)
            .into_iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(due, ["s:2", "s:1", "s:3"]);
        // Good again, later: the interval grows.
        let second = store.record(&a, Grade::Good, good).expect("recorded");
        assert!(second - good > good - day(1), "{second} after {good}");
    }

    #[test]
    fn duplicates_share_progress_and_a_different_question_starts_fresh() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = store(dir.path());
        let a = question("s:1", "s:1", &["t:4"]);
        store.record(&a, Grade::Easy, day(1)).expect("recorded");
        let known = store.known().expect("read");
        let duplicate = question("t:4", "s:1", &["s:1"]);
        assert!(known.of(&duplicate).is_some());
        // Edited wording, same id and cluster: still known.
        let mut edited = a.clone();
        edited.question = "What, exactly, is s:1?".into();
        assert!(known.of(&edited).is_some());
        // The cluster's name now stands for questions that were never graded.
        let other = question("u:9", "s:1", &["u:10"]);
        assert!(known.of(&other).is_none());
        let due = store
            .record(&other, Grade::Again, day(2))
            .expect("recorded");
        assert!(due <= day(3), "{due}");
        let known = store.known().expect("read");
        let now_known = known.of(&other).expect("known");
        assert_eq!(
            (now_known.question_id.as_str(), now_known.reviews),
            ("u:9", 1),
            "started fresh"
        );
        assert_eq!(known.len(), 1);
    }

    #[test]
    fn progress_follows_a_question_whose_cluster_was_renamed() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = store(dir.path());
        let before = question("s:1", "s:1", &[]);
        store
            .record(&before, Grade::Good, day(1))
            .expect("recorded");
        // A list added later holds a duplicate that comes first: the cluster is named
        // after it now.
        let after = question("s:1", "a:1", &["a:1"]);
        let known = store.known().expect("read");
        assert_eq!(known.of(&after).map(|k| k.reviews), Some(1));
        store.record(&after, Grade::Good, day(5)).expect("recorded");
        let known = store.known().expect("read");
        assert_eq!(known.len(), 1, "moved, not copied");
        assert_eq!(known.of(&after).map(|k| k.reviews), Some(2));
        let duplicate = question("a:1", "a:1", &["s:1"]);
        assert!(known.of(&duplicate).is_some());
    }

    #[test]
    fn two_stores_on_one_file_keep_every_grade() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(FILE_NAME);
        let threads: Vec<_> = (0..2)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let (mut store, _) = Store::open(&path).expect("opens");
                    for n in 0..50 {
                        let q = question(&format!("s:{}", n % 10), &format!("s:{}", n % 10), &[]);
                        let grade = if (n + t) % 3 == 0 {
                            Grade::Again
                        } else {
                            Grade::Good
                        };
                        store
                            .record(&q, grade, day(1) + chrono::Duration::minutes(n))
                            .expect("recorded");
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("no panic");
        }
        let store = store(dir.path());
        assert_eq!(store.reviews().expect("read").len(), 100);
        let known = store.known().expect("read");
        assert_eq!(known.len(), 10);
        for n in 0..10 {
            let q = question(&format!("s:{n}"), &format!("s:{n}"), &[]);
            assert_eq!(known.of(&q).map(|k| k.reviews), Some(10));
        }
    }

    #[test]
    fn a_damaged_file_is_kept_aside_and_a_newer_one_left_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"this is not a database, but it is someone's file").expect("w");
        let (mut store, aside) = Store::open(&path).expect("opens anew");
        let aside = aside.expect("kept aside");
        assert!(
            std::fs::read(&aside).expect("kept")
                == b"this is not a database, but it is someone's file",
            "kept as it was"
        );
        store
            .record(&question("s:1", "s:1", &[]), Grade::Good, day(1))
            .expect("recorded");
        drop(store);

        let newer = dir.path().join("newer.sqlite3");
        {
            let conn = Connection::open(&newer).expect("sqlite");
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 7;")
                .expect("written");
        }
        let before = std::fs::read(&newer).expect("read");
        match Store::open(&newer) {
            Err(ProgressError::Newer { found, .. }) => assert_eq!(found, 7),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("opened a newer file"),
        }
        assert!(
            std::fs::read(&newer).expect("read") == before,
            "the file changed"
        );
    }

    #[test]
    fn the_report_counts_standings_and_streaks() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = store(dir.path());
        let a = question("s:1", "s:1", &[]);
        let b = question("s:2", "s:2", &[]);
        let c = question("s:3", "s:3", &[]);
        store.record(&a, Grade::Good, day(1)).expect("recorded");
        store.record(&b, Grade::Again, day(2)).expect("recorded");
        store.record(&a, Grade::Good, day(3)).expect("recorded");
        store.record(&b, Grade::Hard, day(5)).expect("recorded");
        let known = store.known().expect("read");
        let reviews = store.reviews().expect("read");
        let report = report(&[a, b, c], &known, &reviews, day(6));
        assert_eq!((report.questions, report.seen, report.new), (3, 2, 1));
        assert_eq!(report.reviews, 4);
        // Days 1, 2, 3 and 5; at day 6, yesterday's grade keeps the streak at 1.
        assert_eq!((report.streak_days, report.longest_streak_days), (1, 3));
        let databases = &report.by_category[0];
        assert_eq!(databases.name, "databases");
        assert_eq!(
            (databases.seen, databases.known, databases.missed),
            (2, 2, 0)
        );
        assert_eq!(report.reviews_today, 0);
    }

    #[test]
    fn replies_read_as_grades() {
        assert_eq!(Grade::from_reply("1"), Some(Grade::Again));
        assert_eq!(Grade::from_reply(" Easy "), Some(Grade::Easy));
        assert_eq!(Grade::from_reply("y"), Some(Grade::Good));
        assert_eq!(Grade::from_reply("n"), Some(Grade::Again));
        assert_eq!(Grade::from_reply("5"), None);
    }
}
