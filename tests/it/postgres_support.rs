//! A private PostgreSQL server for the tests that read a real database: found
//! among the installed server programs (`/usr/lib/postgresql/*/bin`, else
//! `PATH`), initialised in a temporary folder, started on a free local port
//! and stopped, its folder removed, when the last test holding it ends.
//! PostgreSQL refuses to run as root: as root the server runs as the system
//! user `postgres` (which Debian's package creates), made if missing.
//! Without PostgreSQL the tests fail, saying to run `scripts/test`, which
//! installs it: they never pass by skipping.

#![allow(dead_code)]

use postgres::{Client, NoTls};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, Weak};

/// The role the tests connect as (trusted: no password).
pub const ROLE: &str = "llmcost";

/// The system user the server runs as when the tests run as root.
const SERVER_USER: &str = "postgres";

/// A running server, stopped when dropped.
pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    run_as: Option<&'static str>,
    pub port: u16,
}

static SHARED: Mutex<Weak<Server>> = Mutex::new(Weak::new());

/// The server the tests of this binary share, started if none runs.
pub fn shared() -> Arc<Server> {
    let mut slot = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(server) = slot.upgrade() {
        return server;
    }
    let server = Arc::new(Server::start());
    *slot = Arc::downgrade(&server);
    server
}

impl Server {
    /// Initialises and starts a server in a new temporary folder.
    pub fn start() -> Self {
        let bin = binaries();
        let run_as = is_root().then(|| {
            ensure_user(SERVER_USER);
            SERVER_USER
        });
        let dir = tempfile::Builder::new()
            .prefix("llmcost-postgres-")
            .tempdir()
            .expect("a temporary folder");
        if let Some(user) = run_as {
            run(Command::new("chown").arg(user).arg(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut server = Self {
            dir,
            bin,
            run_as,
            port: 0,
        };
        let data = server.dir.path().join("data");
        let mut initdb = server.command("initdb");
        initdb
            .arg("-D")
            .arg(&data)
            .args(["-U", ROLE, "--auth=trust", "--encoding=UTF8", "--no-locale"]);
        run(&mut initdb).unwrap_or_else(|e| panic!("{e}"));
        // A port found free may be taken before the server binds it: try another.
        let mut failures = Vec::new();
        for _ in 0..3 {
            server.port = free_port();
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                server.port,
                server.dir.path().display()
            );
            let mut start = server.command("pg_ctl");
            start
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(server.dir.path().join("server.log"));
            start.args(["-o", options.as_str(), "-w", "-t", "60", "start"]);
            match run(&mut start) {
                Ok(()) => return server,
                Err(e) => failures.push(e),
            }
        }
        panic!("the test server did not start: {}", failures.join("; "))
    }

    /// The URL of `database` on this server.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://{ROLE}@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database named `name`; its URL.
    pub fn database(&self, name: &str) -> String {
        let mut admin = self.client("postgres");
        for statement in [
            format!("DROP DATABASE IF EXISTS \"{name}\""),
            format!("CREATE DATABASE \"{name}\""),
        ] {
            admin
                .batch_execute(&statement)
                .unwrap_or_else(|e| panic!("{statement}: {e:?}"));
        }
        self.url(name)
    }

    /// A new database holding the spend-log fixture; its URL.
    pub fn fixture_database(&self, name: &str) -> String {
        let url = self.database(name);
        let sql = std::fs::read_to_string(fixture()).expect("the fixture");
        self.client(name)
            .batch_execute(&sql)
            .unwrap_or_else(|e| panic!("loading {}: {e:?}", fixture().display()));
        url
    }

    /// A connection to `database`.
    pub fn client(&self, database: &str) -> Client {
        Client::connect(&self.url(database), NoTls).unwrap_or_else(|e| panic!("connecting to {database}: {e}"))
    }

    /// One of the server's programs, run as the server's user.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut command = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        };
        command.current_dir(self.dir.path());
        command
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let mut stop = self.command("pg_ctl");
        stop.arg("-D").arg(self.dir.path().join("data"));
        let _ = stop.args(["-m", "immediate", "-w", "stop"]).output();
    }
}

/// The spend-log fixture every database is loaded with.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/litellm-spend-logs.sql")
}

/// The folder of the newest installed PostgreSQL server programs.
fn binaries() -> PathBuf {
    let complete = |dir: &Path| ["initdb", "pg_ctl", "postgres"].iter().all(|p| dir.join(p).is_file());
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| complete(bin))
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return bin;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .find(|dir| complete(dir))
        .unwrap_or_else(|| {
            panic!(
                "PostgreSQL's server programs (initdb, pg_ctl, postgres) are not installed: neither \
             /usr/lib/postgresql/*/bin nor PATH has them. Run the tests with `scripts/test`, which installs them."
            )
        })
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("`id -u` runs");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// Makes the system user `user` unless it exists (another test may make it meanwhile).
fn ensure_user(user: &str) {
    let exists = || Command::new("id").arg(user).output().is_ok_and(|o| o.status.success());
    if exists() {
        return;
    }
    let out = Command::new("useradd")
        .args(["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user])
        .output()
        .expect("useradd runs");
    assert!(
        out.status.success() || exists(),
        "cannot create the system user {user} the server runs as: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A local TCP port nothing listens on.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// Runs `command`; what it printed when it fails.
fn run(command: &mut Command) -> Result<(), String> {
    let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}
