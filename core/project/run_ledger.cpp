#include "project/run_ledger.h"

#include "base/error.h"

#include <sqlite3.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

namespace studio {
namespace {

namespace fs = std::filesystem;

const char* const kSchema = R"(
CREATE TABLE IF NOT EXISTS runs(
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, parent TEXT NOT NULL, origin TEXT NOT NULL, sweep TEXT NOT NULL,
  task TEXT NOT NULL, status TEXT NOT NULL, started TEXT NOT NULL, ended TEXT NOT NULL, seconds REAL,
  data_path TEXT NOT NULL, data_sha256 TEXT NOT NULL, seed INTEGER, engine TEXT NOT NULL, device TEXT NOT NULL,
  epochs INTEGER, best_epoch INTEGER, val_loss REAL, current INTEGER NOT NULL DEFAULT 0,
  starred INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS params(run_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY(run_id, name));
CREATE TABLE IF NOT EXISTS metrics(run_id TEXT NOT NULL, name TEXT NOT NULL, value REAL,
  PRIMARY KEY(run_id, name));
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS history(run_id TEXT NOT NULL, epoch INTEGER NOT NULL, train_loss REAL, val_loss REAL,
  lr REAL, grad_norm_mean REAL, grad_norm_max REAL, clipped_fraction REAL, seconds REAL,
  PRIMARY KEY(run_id, epoch));
)";

// SQLite's message, with the system's reason for an I/O error ("File too large").
std::string ledgerError(sqlite3* db, const std::string& path) {
    std::string message = path + ": " + sqlite3_errmsg(db);
    const int code = sqlite3_errcode(db);
    if ((code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) && sqlite3_system_errno(db) != 0)
        message += std::string(" (") + std::strerror(sqlite3_system_errno(db)) + ")";
    return message;
}

// A prepared statement, finalized on scope exit.
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql, const std::string& path) : db_(db), path_(path) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail();
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, const std::string& v) {
        check(sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bind(int i, double v) {
        // NaN is stored as NULL (SQLite has no NaN) and read back as NaN.
        check(std::isnan(v) ? sqlite3_bind_null(stmt_, i) : sqlite3_bind_double(stmt_, i, v));
        return *this;
    }
    Statement& bind(int i, std::int64_t v) {
        check(sqlite3_bind_int64(stmt_, i, v));
        return *this;
    }
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    // Steps once: true while a row is there.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) fail();
        return false;
    }
    void run() {
        step();
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    std::string text(int col) const {
        const unsigned char* t = sqlite3_column_text(stmt_, col);
        return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }
    double real(int col) const {
        return sqlite3_column_type(stmt_, col) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                              : sqlite3_column_double(stmt_, col);
    }
    std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) fail();
    }
    [[noreturn]] void fail() { throw Error(ledgerError(db_, path_)); }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string path_;
};

const char* const kRunColumns =
    "id, seq, parent, origin, sweep, task, status, started, ended, seconds, data_path, data_sha256, seed, engine, "
    "device, epochs, best_epoch, val_loss, current, starred, notes";

}  // namespace

RunLedger::RunLedger(const std::string& dir) : path_((fs::path(dir) / kFile).string()) {
    // A ledger this call fails to create is removed again: it leaves no file behind.
    const bool existed = exists(dir);
    const auto discard = [&] {
        sqlite3_close(db_);
        db_ = nullptr;
        std::error_code ec;
        if (!existed)
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path_ + suffix, ec);
    };
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        discard();
        throw Error("cannot open " + path_ + ": " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
    try {
        int version = 0;
        {
            Statement s(db_, "PRAGMA user_version", path_);
            if (s.step()) version = static_cast<int>(s.integer(0));
        }
        if (version > kSchemaVersion)
            throw DataError(path_ + " has ledger schema " + std::to_string(version) + "; this version reads up to " +
                            std::to_string(kSchemaVersion) + " (a newer LSTM Studio wrote it)");
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        // Every table IF NOT EXISTS: a ledger missing one (a table added since) gets it.
        exec(std::string("BEGIN IMMEDIATE;") + kSchema + "PRAGMA user_version=" + std::to_string(kSchemaVersion) +
             ";COMMIT");
    } catch (const DataError&) {
        discard();
        throw;
    } catch (const Error& e) {
        const int code = sqlite3_errcode(db_);
        discard();
        // SQLITE_NOTADB and friends: the file is not a ledger this version can read.
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            throw DataError(std::string(e.what()) + " (not an LSTM Studio run ledger?)");
        throw;
    }
}

RunLedger::~RunLedger() { sqlite3_close(db_); }

bool RunLedger::exists(const std::string& dir) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(dir) / kFile, ec);
}

void RunLedger::exec(const std::string& sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        const int code = sqlite3_errcode(db_);
        if ((code == SQLITE_IOERR || code == SQLITE_FULL) && sqlite3_system_errno(db_) != 0)
            text += std::string(" (") + std::strerror(sqlite3_system_errno(db_)) + ")";
        if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw Error(path_ + ": " + text);
    }
}

void RunLedger::put(const LedgerRun& r, const std::vector<LedgerEpoch>& history) {
    exec("BEGIN IMMEDIATE");
    try {
        for (const char* table : {"params", "metrics", "history"})
            Statement(db_, std::string("DELETE FROM ") + table + " WHERE run_id = ?", path_).bind(1, r.id).run();
        Statement(db_,
                  std::string("INSERT OR REPLACE INTO runs(") + kRunColumns +
                      ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  path_)
            .bind(1, r.id).bind(2, r.seq).bind(3, r.parent).bind(4, r.origin).bind(5, r.sweep).bind(6, r.task)
            .bind(7, r.status).bind(8, r.started).bind(9, r.ended).bind(10, r.seconds).bind(11, r.dataPath)
            .bind(12, r.dataSha256).bind(13, static_cast<std::int64_t>(r.seed)).bind(14, r.engine).bind(15, r.device)
            .bind(16, r.epochs).bind(17, r.bestEpoch).bind(18, r.valLoss).bind(19, r.current ? 1 : 0)
            .bind(20, r.starred ? 1 : 0).bind(21, r.notes)
            .run();
        Statement params(db_, "INSERT INTO params(run_id, name, value) VALUES(?,?,?)", path_);
        for (const auto& [name, value] : r.params) params.bind(1, r.id).bind(2, name).bind(3, value).run();
        Statement metrics(db_, "INSERT INTO metrics(run_id, name, value) VALUES(?,?,?)", path_);
        for (const auto& [name, value] : r.metrics) metrics.bind(1, r.id).bind(2, name).bind(3, value).run();
        Statement epochs(db_,
                         "INSERT INTO history(run_id, epoch, train_loss, val_loss, lr, grad_norm_mean, grad_norm_max, "
                         "clipped_fraction, seconds) VALUES(?,?,?,?,?,?,?,?,?)",
                         path_);
        for (const LedgerEpoch& e : history)
            epochs.bind(1, r.id).bind(2, e.epoch).bind(3, e.trainLoss).bind(4, e.valLoss).bind(5, e.lr)
                .bind(6, e.gradNormMean).bind(7, e.gradNormMax).bind(8, e.clippedFraction).bind(9, e.seconds)
                .run();
        if (r.current) Statement(db_, "UPDATE runs SET current = 0 WHERE id <> ?", path_).bind(1, r.id).run();
        // The highest run number ever given, so that a deleted run's id is never given again.
        Statement(db_,
                  "INSERT INTO meta(key, value) VALUES('last_seq', ?) ON CONFLICT(key) DO UPDATE SET value = "
                  "MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                  path_)
            .bind(1, r.seq)
            .run();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    exec("COMMIT");
}

void RunLedger::remove(const std::string& id) {
    exec("BEGIN IMMEDIATE");
    try {
        for (const char* table : {"params", "metrics", "history"})
            Statement(db_, std::string("DELETE FROM ") + table + " WHERE run_id = ?", path_).bind(1, id).run();
        Statement(db_, "DELETE FROM runs WHERE id = ?", path_).bind(1, id).run();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    exec("COMMIT");
}

void RunLedger::setCurrent(const std::string& id) {
    Statement(db_, "UPDATE runs SET current = (id = ?)", path_).bind(1, id).run();
}

void RunLedger::setStarred(const std::string& id, bool starred) {
    Statement(db_, "UPDATE runs SET starred = ? WHERE id = ?", path_).bind(1, starred ? 1 : 0).bind(2, id).run();
}

void RunLedger::setNotes(const std::string& id, const std::string& notes) {
    Statement(db_, "UPDATE runs SET notes = ? WHERE id = ?", path_).bind(1, notes).bind(2, id).run();
}

std::vector<LedgerRun> RunLedger::runs() const {
    std::vector<LedgerRun> out;
    Statement s(db_, std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY seq", path_);
    while (s.step()) {
        LedgerRun r;
        r.id = s.text(0), r.seq = static_cast<int>(s.integer(1)), r.parent = s.text(2), r.origin = s.text(3);
        r.sweep = s.text(4), r.task = s.text(5), r.status = s.text(6), r.started = s.text(7), r.ended = s.text(8);
        r.seconds = s.real(9), r.dataPath = s.text(10), r.dataSha256 = s.text(11);
        r.seed = static_cast<std::uint64_t>(s.integer(12)), r.engine = s.text(13), r.device = s.text(14);
        r.epochs = static_cast<int>(s.integer(15)), r.bestEpoch = static_cast<int>(s.integer(16));
        r.valLoss = s.real(17), r.current = s.integer(18) != 0, r.starred = s.integer(19) != 0, r.notes = s.text(20);
        out.push_back(std::move(r));
    }
    // rowid order keeps each run's settings and metrics in the order they were written.
    Statement p(db_, "SELECT run_id, name, value FROM params ORDER BY rowid", path_);
    Statement m(db_, "SELECT run_id, name, value FROM metrics ORDER BY rowid", path_);
    const auto find = [&out](const std::string& id) -> LedgerRun* {
        for (auto& r : out)
            if (r.id == id) return &r;
        return nullptr;
    };
    while (p.step())
        if (LedgerRun* r = find(p.text(0))) r->params.emplace_back(p.text(1), p.text(2));
    while (m.step())
        if (LedgerRun* r = find(m.text(0))) r->metrics.emplace_back(m.text(1), m.real(2));
    return out;
}

std::vector<LedgerEpoch> RunLedger::history(const std::string& id) const {
    std::vector<LedgerEpoch> out;
    Statement s(db_,
                "SELECT epoch, train_loss, val_loss, lr, grad_norm_mean, grad_norm_max, clipped_fraction, seconds "
                "FROM history WHERE run_id = ? ORDER BY epoch",
                path_);
    s.bind(1, id);
    while (s.step())
        out.push_back({static_cast<int>(s.integer(0)), s.real(1), s.real(2), s.real(3), s.real(4), s.real(5), s.real(6),
                       s.real(7)});
    return out;
}

int RunLedger::lastSeq() const {
    Statement s(db_,
                "SELECT MAX(COALESCE((SELECT MAX(seq) FROM runs), 0), "
                "COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_seq'), 0))",
                path_);
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

}  // namespace studio
