#pragma once

// runs.sqlite: the index of a project's runs (SQLite, WAL, schema version in
// PRAGMA user_version), so a project's runs can be queried with sqlite3 or pandas:
//   runs(id, seq, parent, origin, sweep, task, status, started, ended, seconds,
//        data_path, data_sha256, seed, engine, device, epochs, best_epoch, val_loss,
//        current, starred, notes)                      one row per run, seq = start order
//   params(run_id, name, value)                         the run's settings (train's names)
//   metrics(run_id, name, value)                        its test metrics ("mae", "accuracy" ...)
//   history(run_id, epoch, train_loss, val_loss, lr, grad_norm_mean, grad_norm_max,
//           clipped_fraction, seconds)                  one row per epoch
//   meta(key, value)                                    last_seq: the highest run number given
// Each run's own folder (runs/<id>/run.json and the files beside it) is the record; the
// ledger indexes it and can be rebuilt from it. Plain strings and numbers only: any thread,
// one RunLedger per thread.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace studio {

struct LedgerRun {
    std::string id;
    int seq = 0;            // start order, from 1
    std::string parent;     // the run a resume or rerun started from; empty for none
    std::string origin;     // train, resume, rerun, sweep or imported
    std::string sweep;      // the sweep that made it; empty for none
    std::string task;
    std::string status;     // queued, running, finished, stopped early, cancelled, diverged, failed, interrupted
    std::string started, ended;  // ISO 8601, UTC
    double seconds = 0.0;
    std::string dataPath, dataSha256;
    std::uint64_t seed = 0;
    std::string engine, device;
    int epochs = 0, bestEpoch = 0;
    double valLoss = 0.0;  // the best epoch's; NaN when no epoch finished
    bool current = false;
    bool starred = false;
    std::string notes;
    std::vector<std::pair<std::string, std::string>> params;
    std::vector<std::pair<std::string, double>> metrics;
};

struct LedgerEpoch {
    int epoch = 0;
    double trainLoss = 0, valLoss = 0, lr = 0, gradNormMean = 0, gradNormMax = 0, clippedFraction = 0, seconds = 0;
};

class RunLedger {
public:
    static constexpr int kSchemaVersion = 1;
    static constexpr const char* kFile = "runs.sqlite";

    // Opens (creating when missing) the ledger of the project in `dir`. Throws DataError
    // for a file that is not a ledger or has a newer schema, Error when it cannot be opened.
    explicit RunLedger(const std::string& dir);
    ~RunLedger();
    RunLedger(const RunLedger&) = delete;
    RunLedger& operator=(const RunLedger&) = delete;

    static bool exists(const std::string& dir);

    // Adds or replaces a run with its history, in one transaction.
    void put(const LedgerRun& run, const std::vector<LedgerEpoch>& history);
    void remove(const std::string& id);
    // Marks `id` current (and no other run).
    void setCurrent(const std::string& id);
    void setStarred(const std::string& id, bool starred);
    void setNotes(const std::string& id, const std::string& notes);

    std::vector<LedgerRun> runs() const;  // in start order
    std::vector<LedgerEpoch> history(const std::string& id) const;
    int lastSeq() const;  // the highest run number ever given, deleted runs' too; 0 for none

private:
    void exec(const std::string& sql) const;
    sqlite3* db_ = nullptr;
    std::string path_;
};

}  // namespace studio
