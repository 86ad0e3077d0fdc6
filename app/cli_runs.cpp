#include "cli_runs.h"

#include "cli_commands.h"
#include "cli_progress.h"

#include "base/error.h"
#include "jobs/runs.h"
#include "jobs/sweep.h"
#include "tasks/forecast/forecast_project.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <map>
#include <memory>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace studio {
namespace {

struct RunsArgs {
    std::string project, select, remove, star, unstar;
    bool json = false, yes = false;
};

struct SweepArgs {
    std::string project;
    std::vector<std::string> grid;
    int random = 0, jobs = 1, epochs = 0;
    bool halving = false;
    std::uint64_t seed = 1;
};

std::string number(double v, int precision = 6) {
    if (std::isnan(v)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    return buf;
}

std::string paramOf(const LedgerRun& r, const std::string& name) {
    for (const auto& [n, v] : r.params)
        if (n == name) return v;
    return "";
}

// The main test metric of a run's task, as its name and value.
std::pair<std::string, double> headlineMetric(const LedgerRun& r) {
    for (const char* name : {"mae", "accuracy", "bits_per_char"})
        for (const auto& [n, v] : r.metrics)
            if (n == name) return {name, v};
    return {"", std::numeric_limits<double>::quiet_NaN()};
}

void printRunsTable(const std::vector<LedgerRun>& runs, const std::vector<std::string>& columns) {
    std::printf("  %-6s %-14s %-20s %8s %6s %12s %12s", "run", "status", "started", "seconds", "epochs", "val_loss",
                runs.empty() ? "test" : ("test " + headlineMetric(runs.front()).first).c_str());
    for (const auto& c : columns) std::printf(" %12s", c.c_str());
    std::printf("\n");
    for (const LedgerRun& r : runs) {
        std::printf("%c %-6s %-14s %-20s %8.1f %6d %12s %12s", r.current ? '*' : ' ', r.id.c_str(), r.status.c_str(),
                    r.started.c_str(), r.seconds, r.epochs, number(r.valLoss).c_str(),
                    number(headlineMetric(r).second).c_str());
        for (const auto& c : columns) std::printf(" %12s", paramOf(r, c).c_str());
        std::printf("%s%s\n", r.starred ? "  starred" : "", r.parent.empty() ? "" : ("  from " + r.parent).c_str());
    }
}

void runRuns(const RunsArgs& a) {
    if (!a.remove.empty()) {
        if (!a.yes)
            throw UsageError("deleting run " + a.remove + " removes its folder and every file in it; add --yes to do so");
        deleteRun(a.project, a.remove);
        std::fprintf(stderr, "run %s deleted\n", a.remove.c_str());
    }
    if (!a.select.empty()) {
        selectRun(a.project, a.select);
        std::fprintf(stderr, "run %s is now current\n", a.select.c_str());
    }
    if (!a.star.empty()) setRunStarred(a.project, a.star, true);
    if (!a.unstar.empty()) setRunStarred(a.project, a.unstar, false);
    if (a.json) {
        std::printf("%s", runsJson(a.project).c_str());
        return;
    }
    const std::vector<LedgerRun> runs = listRuns(a.project);
    if (runs.empty()) {
        std::printf("%s holds no run\n", a.project.c_str());
        return;
    }
    printRunsTable(runs, differingParams(runs));
}

// A trial in its own process: this program's `trial` command.
class TrialProcess {
public:
    TrialProcess(const std::string& project, const std::string& id, int epochs, int threads) : id_(id) {
        const std::string self = "/proc/self/exe";
        std::vector<std::string> args = {"lstm-studio-cli", "trial", "--project", project, "--run",
                                         id,                "--epochs", std::to_string(epochs)};
        std::vector<char*> argv;
        for (auto& s : args) argv.push_back(s.data());
        argv.push_back(nullptr);
        // One BLAS thread and the trial's share of the cores: trials never oversubscribe.
        std::vector<std::string> env;
        for (char** e = environ; *e; ++e) {
            const std::string v = *e;
            if (v.rfind("OPENBLAS_NUM_THREADS=", 0) != 0 && v.rfind("OMP_NUM_THREADS=", 0) != 0) env.push_back(v);
        }
        env.push_back("OPENBLAS_NUM_THREADS=1");
        env.push_back("OMP_NUM_THREADS=" + std::to_string(threads));
        std::vector<char*> envp;
        for (auto& s : env) envp.push_back(s.data());
        envp.push_back(nullptr);
        // The trial's output goes to its run folder (trial.log), not between the sweep's lines.
        const std::string log = runFolder(project, id) + "/trial.log";
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        // Ctrl+C and SIGTERM start blocked, as handleCancelSignals keeps them: one that comes
        // before the trial's main() takes them waits for it, and cancels the trial gracefully.
        sigset_t blocked, defaults;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGINT);
        sigaddset(&blocked, SIGTERM);
        defaults = blocked;
        posix_spawnattr_setsigmask(&attr, &blocked);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        const int rc = posix_spawn(&pid_, self.c_str(), &actions, &attr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        if (rc != 0) throw Error("cannot start trial " + id + ": " + std::strerror(rc));
    }
    const std::string& id() const { return id_; }
    pid_t pid() const { return pid_; }
    void interrupt() const { ::kill(pid_, SIGINT); }

private:
    std::string id_;
    pid_t pid_ = -1;
};

// Runs each trial of `ids` up to `epochs`, `jobs` at a time; returns once all ended.
void runTrials(const std::string& project, const std::vector<std::string>& ids, int epochs, int jobs, int threads,
               const std::atomic<bool>& cancel, const std::function<void(const std::string&)>& ended) {
    std::vector<std::unique_ptr<TrialProcess>> running;
    std::size_t next = 0;
    bool interrupted = false;
    while (next < ids.size() || !running.empty()) {
        if (cancel.load() && !interrupted) {
            for (const auto& t : running) t->interrupt();
            interrupted = true;
        }
        while (!cancel.load() && next < ids.size() && static_cast<int>(running.size()) < jobs)
            running.push_back(std::make_unique<TrialProcess>(project, ids[next++], epochs, threads));
        if (cancel.load()) next = ids.size();
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        const auto it = std::find_if(running.begin(), running.end(), [pid](const auto& t) { return t->pid() == pid; });
        if (it == running.end()) continue;
        const std::string id = (*it)->id();
        running.erase(it);
        if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 1))
            markTrialFailed(project, id,
                            WIFSIGNALED(status) ? "the trial's process was killed by signal " +
                                                      std::to_string(WTERMSIG(status))
                                                : "the trial's process failed (exit " +
                                                      std::to_string(WEXITSTATUS(status)) + "); see its trial.log");
        ended(id);
    }
}

int availableCores() {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
    return std::max(1u, std::thread::hardware_concurrency());
}

void runSweep(const SweepArgs& a, const std::atomic<bool>& cancel) {
    std::vector<SweepAxis> axes;
    for (const auto& g : a.grid) axes.push_back(parseSweepAxis(g));
    if (axes.empty()) throw UsageError("a sweep needs at least one --grid NAME=V1,V2,...");
    for (const SweepAxis& axis : axes)
        if (axis.name == "scaler" && axis.values.size() > 1)
            std::fprintf(stderr, "warning: the validation loss is measured on the scaled target, so trials of different "
                                 "scalers are compared in different units; compare their test metrics (runs) too\n");
    if (a.jobs < 1) throw UsageError("--jobs must be at least 1");
    const std::string current = currentRunId(a.project);
    if (current.empty()) throw UsageError(a.project + " holds no trained run to sweep from; train one first");
    const TrainingJobConfig base = runJob(a.project, current);
    const std::vector<TrainParams> points = sweepTrials(axes, a.random, a.seed);
    const int epochs = a.epochs > 0 ? a.epochs : trainConfigOf(base).epochs;
    const int cores = availableCores();
    const int jobs = std::min(a.jobs, cores);
    if (jobs < a.jobs)
        std::fprintf(stderr, "sweep: %d jobs on %d core(s) would oversubscribe them; running %d at a time\n", a.jobs,
                     cores, jobs);
    const int baseThreads = trainConfigOf(base).threads;
    const int threads = baseThreads == 0 ? std::max(1, cores / jobs) : std::min(baseThreads, std::max(1, cores / jobs));
    // Every trial is checked before any starts: a typo fails the sweep, not its trials.
    std::vector<TrainingJobConfig> trialJobs;
    for (const TrainParams& point : points) {
        TrainingJobConfig job = base;
        setTrainParam(job, "epochs", std::to_string(epochs));
        setTrainParam(job, "threads", std::to_string(threads));
        for (const auto& [name, value] : point) setTrainParam(job, name, value);
        std::visit([](const auto& j) { j.train.validate(); }, job);
        trialJobs.push_back(std::move(job));
    }
    const std::string sweep = newSweepId(a.project);
    std::vector<std::string> ids;
    std::map<std::string, std::string> labels;
    for (std::size_t i = 0; i < trialJobs.size(); ++i) {
        ids.push_back(prepareTrial(a.project, trialJobs[i], sweep));
        std::string label;
        for (const auto& [name, value] : points[i]) label += (label.empty() ? "" : ", ") + name + "=" + value;
        labels[ids.back()] = label;
    }
    const std::vector<int> rungs = a.halving ? halvingRungs(static_cast<int>(ids.size()), epochs) : std::vector<int>{epochs};
    std::fprintf(stderr, "sweep %s: %zu trial(s) from run %s, %d at a time, %d LibTorch thread(s) each%s\n",
                 sweep.c_str(), ids.size(), current.c_str(), jobs, threads,
                 a.halving ? ", successive halving" : "");
    const auto started = std::chrono::steady_clock::now();
    const auto valLossOf = [&](const std::string& id) {
        for (const LedgerRun& r : listRuns(a.project))
            if (r.id == id) return r;
        return LedgerRun{};
    };
    std::vector<std::string> alive = ids;
    int epochsSpent = 0, lastRung = 0;
    for (std::size_t rung = 0; rung < rungs.size() && !cancel.load(); ++rung) {
        if (rungs.size() > 1)
            std::fprintf(stderr, "rung %zu: %zu trial(s) to %d epoch(s)\n", rung + 1, alive.size(), rungs[rung]);
        std::size_t done = 0;
        runTrials(a.project, alive, rungs.size() > 1 ? rungs[rung] : 0, jobs, threads, cancel, [&](const std::string& id) {
            const LedgerRun r = valLossOf(id);
            std::fprintf(stderr, "  [%zu/%zu] %s (%s): %s, val_loss %s\n", ++done, alive.size(), id.c_str(),
                         labels[id].c_str(), r.status.c_str(), number(r.valLoss).c_str());
        });
        epochsSpent += static_cast<int>(alive.size()) * (rungs[rung] - lastRung);
        lastRung = rungs[rung];
        if (rung + 1 < rungs.size()) {
            std::stable_sort(alive.begin(), alive.end(), [&](const auto& x, const auto& y) {
                const double vx = valLossOf(x).valLoss, vy = valLossOf(y).valLoss;
                return !std::isnan(vx) && (std::isnan(vy) || vx < vy);
            });
            alive.resize(static_cast<std::size_t>(halvingSurvivors(static_cast<int>(alive.size()))));
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // A cancelled sweep keeps the trials that trained; those that never began go.
    if (cancel.load())
        for (const std::string& id : ids) discardUntrainedTrial(a.project, id);
    std::vector<LedgerRun> trials;
    for (const LedgerRun& r : listRuns(a.project))
        if (r.sweep == sweep) trials.push_back(r);
    // The winner: the lowest validation loss among the trials that trained all the way.
    std::string best;
    double bestLoss = std::numeric_limits<double>::infinity();
    for (const LedgerRun& r : trials)
        if ((r.status == "finished" || r.status == "stopped early") && r.epochs > 0 && !std::isnan(r.valLoss) &&
            std::find(alive.begin(), alive.end(), r.id) != alive.end() && r.valLoss < bestLoss)
            best = r.id, bestLoss = r.valLoss;
    std::vector<std::string> columns;
    for (const SweepAxis& axis : axes) columns.push_back(axis.name);
    std::printf("sweep %s: %zu trial(s), %d epoch(s) trained in all, %.1f s with %d job(s)\n", sweep.c_str(),
                trials.size(), epochsSpent, seconds, jobs);
    if (cancel.load()) {
        printRunsTable(trials, columns);
        throw Error("the sweep was cancelled; its finished trials are kept as runs, and the current run is unchanged");
    }
    if (best.empty()) {
        printRunsTable(trials, columns);
        throw Error("no trial finished; the current run is unchanged");
    }
    selectRun(a.project, best);
    for (LedgerRun& r : trials) r.current = r.id == best;
    printRunsTable(trials, columns);
    std::printf("best: %s (%s), validation loss %s; it is now the current run\n", best.c_str(), labels[best].c_str(),
                number(bestLoss).c_str());
}

void runTrialCommand(const std::string& project, const std::string& id, int epochs, const std::atomic<bool>& cancel) {
    CliProgress progress(epochs);
    const double loss = runTrial(project, id, epochs, &progress, &cancel);
    progress.finish();
    std::printf("trial %s: validation loss %s\n", id.c_str(), number(loss).c_str());
    if (cancel.load()) throw Error("the trial was cancelled");
}

void runRerun(const std::string& project, const std::string& id, const std::atomic<bool>& cancel) {
    const TrainingJobConfig job = runJob(project, id);
    CliProgress progress(trainConfigOf(job).epochs);
    const RerunOutcome r = rerun(project, id, &progress, &cancel);
    progress.finish();
    if (r.id.empty() || trainResultOf(r.result).epochsDone == 0) throw Error("the rerun finished no epoch; nothing was added");
    std::printf("rerun of %s: run %s, %d epoch(s), best epoch %d, validation loss %s\n", id.c_str(), r.id.c_str(),
                trainResultOf(r.result).epochsDone, trainResultOf(r.result).bestEpoch,
                number(trainResultOf(r.result).bestValLoss).c_str());
    if (r.identical) std::printf("metrics match %s exactly (every epoch's losses and every test metric)\n", id.c_str());
    else std::printf("metrics differ from %s: %s\n", id.c_str(), r.difference.c_str());
    if (cancel.load()) throw Error("the rerun was cancelled; the best model so far was kept as run " + r.id);
}

}  // namespace

void cliAutoSearch(const std::string& project, double seconds, const std::atomic<bool>& cancel) {
    const std::string base = currentRunId(project);
    LedgerRun first;
    for (const LedgerRun& r : listRuns(project))
        if (r.id == base) first = r;
    const ProjectFile p = loadProjectFile(project);
    const double epochSeconds = first.epochs > 0 ? first.seconds / first.epochs : 1.0;
    const int jobs = std::max(1, std::min(4, availableCores()));
    const AutoSearchPlan plan =
        autoSearchPlan(p.series.window, p.series.horizon, p.model.hidden, std::min({p.trainRows, p.valRows, p.testRows}),
                       p.train.epochs, epochSeconds, jobs, seconds);
    const int trials = plan.trials, grid = plan.grid, epochs = p.train.epochs;
    if (trials == 0) {
        std::printf("auto: the budget of %.0f s leaves no room for a search (an epoch took %.2f s); run %s stays "
                    "current\n",
                    seconds, epochSeconds, base.c_str());
        return;
    }
    SweepArgs sweep;
    sweep.project = project;
    for (const SweepAxis& axis : plan.axes) {
        std::string text = axis.name + "=";
        for (std::size_t i = 0; i < axis.values.size(); ++i) text += (i ? "," : "") + axis.values[i];
        sweep.grid.push_back(text);
    }
    sweep.random = trials < grid ? trials : 0;
    sweep.halving = true;
    sweep.jobs = jobs;
    sweep.epochs = epochs;
    sweep.seed = p.train.seed;
    std::printf("auto: %d of %d settings (window, hidden, layers, lr), successive halving up to %d epochs, for about "
                "%.0f s\n",
                trials, grid, epochs, seconds);
    std::fflush(stdout);
    runSweep(sweep, cancel);
    // The sweep's best against the first run: the lower validation loss stays.
    const std::string best = currentRunId(project);
    double bestLoss = std::numeric_limits<double>::quiet_NaN();
    for (const LedgerRun& r : listRuns(project))
        if (r.id == best) bestLoss = r.valLoss;
    if (!(bestLoss < first.valLoss)) {
        selectRun(project, base);
        std::printf("auto: no trial beat run %s (validation loss %s); it stays current\n", base.c_str(),
                    number(first.valLoss).c_str());
    }
    std::printf("auto's choice (run %s), on the test split:\n", currentRunId(project).c_str());
    cliEvaluate(project);
}

void addRunsCommands(CLI::App& app, const std::atomic<bool>& cancel) {
    auto runsArgs = std::make_shared<RunsArgs>();
    auto* runs = app.add_subcommand("runs", "List a project's runs; select, star or delete one");
    runs->add_option("--project", runsArgs->project)->required()->check(CLI::ExistingDirectory);
    runs->add_flag("--json", runsArgs->json, "print the runs as JSON");
    runs->add_option("--select", runsArgs->select, "make run ID the current one (its files the project's)");
    runs->add_option("--delete", runsArgs->remove, "delete run ID and its folder (needs --yes)");
    runs->add_flag("--yes", runsArgs->yes, "confirm --delete");
    runs->add_option("--star", runsArgs->star, "star run ID");
    runs->add_option("--unstar", runsArgs->unstar, "unstar run ID");
    runs->callback([runsArgs] { runRuns(*runsArgs); });

    auto rerunArgs = std::make_shared<std::pair<std::string, std::string>>();
    auto* rerunCmd = app.add_subcommand("rerun", "Train again from a run's record, as a new run, and compare");
    rerunCmd->add_option("--project", rerunArgs->first)->required()->check(CLI::ExistingDirectory);
    rerunCmd->add_option("--run", rerunArgs->second, "the run to train again")->required();
    rerunCmd->callback([rerunArgs, &cancel] { runRerun(rerunArgs->first, rerunArgs->second, cancel); });

    auto sweepArgs = std::make_shared<SweepArgs>();
    auto* sweep = app.add_subcommand("sweep", "Train a grid of settings as runs and make the best current");
    sweep->add_option("--project", sweepArgs->project)->required()->check(CLI::ExistingDirectory);
    sweep->add_option("--grid", sweepArgs->grid, "NAME=V1,V2,... with NAME any train option (hidden, lr, window ...)")
        ->required();
    sweep->add_option("--random", sweepArgs->random, "train N points of the grid, drawn at random (0 = all)");
    sweep->add_option("--seed", sweepArgs->seed, "seed of --random's draw")->capture_default_str();
    sweep->add_flag("--halving", sweepArgs->halving,
                    "successive halving: all trials a few epochs, the better half on, ... up to --epochs");
    sweep->add_option("--jobs", sweepArgs->jobs, "trials at once, each in its own process")->capture_default_str();
    sweep->add_option("--epochs", sweepArgs->epochs, "epochs per trial (default: the current run's)");
    sweep->callback([sweepArgs, &cancel] { runSweep(*sweepArgs, cancel); });

    auto trialArgs = std::make_shared<std::tuple<std::string, std::string, int>>();
    auto* trial = app.add_subcommand("trial", "Train one trial of a sweep (started by sweep)");
    trial->group("");  // not listed in --help
    trial->add_option("--project", std::get<0>(*trialArgs))->required()->check(CLI::ExistingDirectory);
    trial->add_option("--run", std::get<1>(*trialArgs))->required();
    trial->add_option("--epochs", std::get<2>(*trialArgs));
    trial->callback([trialArgs, &cancel] {
        runTrialCommand(std::get<0>(*trialArgs), std::get<1>(*trialArgs), std::get<2>(*trialArgs), cancel);
    });
}

}  // namespace studio
