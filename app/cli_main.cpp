// lstm-studio-cli: the headless face of LSTM Studio. Exit codes: 0 done, 1 failure while
// running, 2 bad usage, 3 bad input data.

#include "cli_commands.h"
#include "cli_distributed.h"
#ifdef STUDIO_WITH_ONNX
#include "cli_onnx.h"
#endif
#include "cli_onednn.h"
#include "cli_forecast.h"
#include "cli_inspect.h"
#include "cli_runs.h"
#include "cli_signals.h"
#include "base/error.h"
#include "tasks/registry.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <atomic>
#include <cstdio>

namespace {

std::atomic<bool> g_cancel{false};

// Whole numbers from 0 up: CLI11 would wrap "-1" into an unsigned option.
const CLI::Validator kCount(
    [](std::string& value) {
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
            return "must be a whole number, 0 or more; got '" + value + "'";
        return std::string();
    },
    "N>=0");

// LibTorch's errors carry a C++ backtrace after their message; a user needs the message.
std::string userMessage(const std::exception& e) {
    std::string message = e.what();
    const auto cut = message.find("\nException raised from");
    if (cut != std::string::npos) message.resize(cut);
    return message;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace studio;
    handleCancelSignals(g_cancel);
    CLI::App app{"LSTM Studio: train, evaluate and use LSTM/BiLSTM sequence models"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("lstm-studio-cli ") + STUDIO_VERSION);

    // train
    ForecastJobConfig job;
    std::vector<std::string> features;
    std::vector<double> split = {0.7, 0.15, 0.15};
    std::string scaler = "auto", missing = "drop", preset = "small", head = "linear", optimizer = "adam",
                schedule = "cosine";
    ModelSpec explicitModel;
    auto* train = app.add_subcommand("train", "Train a forecaster on a CSV series and write a project folder");
    train->add_option("--data", job.dataPath, "CSV file")->required()->check(CLI::ExistingPath);
    std::string task = toString(TaskKind::Forecast);
    train->add_option("--task", task, enumChoices<TaskKind>())->capture_default_str();
    train->add_option("--target", job.series.target, "column to forecast (forecast)");
    train->add_option("--features", features, "input columns, comma separated (default: the target)")->delimiter(',');
    train->add_option("--date-column", job.series.timeColumn, "time column (default: the first date column)");
    auto* windowOpt = train->add_option("--window", job.series.window,
                                        "input rows per window (default 30, shorter on short series)")
                          ->capture_default_str();
    train->add_option("--horizon", job.series.horizon, "rows predicted per window")->capture_default_str();
    auto* strideOpt =
        train->add_option("--stride", job.series.stride,
                          "rows between window starts; charlm: characters between chunk starts (default: chunk)");
    train->add_option("--split", split, "train,val,test fractions (chronological)")
        ->delimiter(',')
        ->capture_default_str();
    train->add_option("--scaler", scaler,
                      "auto (relative for a positive series that trends or leaves its training range, else "
                      "zscore), zscore, minmax, relative (to each window's last row) or none")
        ->capture_default_str();
    bool autoSearch = false;
    double budgetSeconds = 300;
    train->add_flag("--auto", autoSearch,
                    "forecast: after this run, search window, width, depth and learning rate with a sweep within "
                    "--budget-seconds and keep the best current");
    auto* budgetOpt = train->add_option("--budget-seconds", budgetSeconds, "time for --auto in all, seconds")
                          ->capture_default_str();
    train->add_option("--season", job.series.season,
                      "period of the seasonal naive baseline in rows (default: from the time column's frequency)");
    train->add_option("--calendar", job.series.calendar,
                      "calendar inputs from the time column: auto (by its frequency) or month,weekday,hour")
        ->delimiter(',')
        ->expected(0, 1);
    train->add_option("--indicators", job.series.indicators,
                      "technical indicators as extra inputs, kind[:N][@column] separated by commas: sma:N, ema:N, "
                      "rsi:N, macd, bollinger:N, logret, volatility:N, volume_z:N (of the target unless @column); "
                      "the first rows, their history, are dropped")
        ->delimiter(',');
    train->add_option("--missing", missing, "missing cells: drop (the row) or ffill")->capture_default_str();
    std::string duplicates = toString(DuplicateTimes::Error);
    train->add_option("--duplicate-times", duplicates,
                      "rows whose time repeats: error, keep-last or keep-first (one row per time)")
        ->capture_default_str();
    train->add_option("--preset", preset, "small, medium or large")->capture_default_str();
    auto* hiddenOpt = train->add_option("--hidden", explicitModel.hidden, "LSTM units per direction");
    auto* layersOpt = train->add_option("--layers", explicitModel.layers, "LSTM layers");
    auto* dropoutOpt = train->add_option("--dropout", explicitModel.dropout, "dropout between LSTM layers");
    auto* biOpt = train->add_flag("--bidirectional,!--no-bidirectional", explicitModel.bidirectional,
                                  "BiLSTM (default for classify, off for forecasts)");
    train->add_flag("--residual", explicitModel.residual,
                    "forecasts: each LSTM layer after the first adds its input to its output (deep stacks)");
    auto* headOpt = train->add_option("--head", head, "linear or mlp")->capture_default_str();
    train->add_option("--epochs", job.train.epochs)->capture_default_str();
    auto* batchOpt = train->add_option("--batch-size", job.train.batchSize,
                                       "examples per optimizer step (default 64, lowered on short data)")
                         ->capture_default_str();
    auto* lrOpt = train->add_option("--lr", job.train.lr, "learning rate (charlm: 3e-3)")->capture_default_str();
    train->add_option("--optimizer", optimizer, "adam, adamw or sgd")->capture_default_str();
    train->add_option("--schedule", schedule, "cosine, step or none")->capture_default_str();
    train->add_option("--clip", job.train.clip, "max gradient L2 norm, 0 = off")->capture_default_str();
    train->add_option("--patience", job.train.patience, "early-stopping patience, 0 = off")->capture_default_str();
    // Unsigned: "-1" would otherwise wrap to 18446744073709551615.
    train->add_option("--seed", job.train.seed)->check(kCount)->capture_default_str();
    train->add_option("--threads", job.train.threads, "LibTorch threads (0 = automatic)")->capture_default_str();
    train->add_option("--device", job.train.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    train->add_option("--engine", job.train.engine, "LSTM training engine: auto, libtorch or onednn (CPU)")
        ->capture_default_str();
    train->add_option("--out", job.outDir, "project folder: a new one, or an existing project of the same task and data (adds a run)")->required();
    // Text tasks.
    TextJobConfig textJob;
    std::string tokenizer = "word", pooling = "last";
    bool keepCase = false;
    train->add_option("--text-column", textJob.text.textColumn, "classify: column with the text");
    train->add_option("--label-column", textJob.text.labelColumn, "classify: column with the class");
    auto* tokenizerOpt = train->add_option("--tokenizer", tokenizer, "word or char (classify)")->capture_default_str();
    train->add_flag("--keep-case", keepCase, "do not lowercase the text");
    auto* minFreqOpt =
        train->add_option("--min-freq", textJob.text.vocab.minFreq, "rarer tokens become <unk>")->capture_default_str();
    train->add_option("--max-vocab", textJob.text.vocab.maxSize, "vocabulary size limit, 0 = none")
        ->capture_default_str();
    auto* maxLengthOpt = train->add_option("--max-length", textJob.text.maxLength,
                                           "classify: tokens kept per text, 0 = all (default 512)");
    auto* embeddingOpt = train->add_option("--embedding-dim", textJob.model.embeddingDim)->capture_default_str();
    train->add_option("--vectors", textJob.vectorsPath, "GloVe/word2vec text file for the embedding")
        ->check(CLI::ExistingFile);
    train->add_flag("--freeze-vectors", textJob.freezeVectors, "keep the pretrained embedding fixed");
    auto* poolingOpt = train->add_option("--pooling", pooling, "last (default) or attention (classify)");
    train->add_option("--chunk", textJob.text.chunk, "charlm: characters per training sequence")->capture_default_str();

    DistributedOptions distributed;
    addDistributedOptions(*train, distributed);

    std::string projectDir, dataPath, outPath;
    int resumeEpochs = 0;
    auto* resume = app.add_subcommand(
        "resume", "Continue training the current run from its checkpoint, as a new run");
    resume->add_option("--project", projectDir)->required()->check(CLI::ExistingDirectory);
    resume->add_option("--epochs", resumeEpochs, "total epochs to reach (default: the project's)")
        ->check(kCount);
    addDistributedOptions(*resume, distributed);

    auto* evaluate = app.add_subcommand("evaluate", "Test-split metrics of a trained project");
    evaluate->add_option("--project", projectDir)->required()->check(CLI::ExistingDirectory);
    ImportanceOptions importance;
    evaluate->add_flag("--importance", importance.on,
                       "forecasts: permutation importance of every input column, into metrics.json");
    evaluate->add_option("--repeats", importance.repeats, "permutations per column")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    evaluate->add_option("--seed", importance.seed, "seed of the permutations")->capture_default_str();

    auto* predict = app.add_subcommand("predict", "Predict every window of a CSV file");
    predict->add_option("--project", projectDir)->required()->check(CLI::ExistingDirectory);
    predict->add_option("--data", dataPath, "CSV file (default: the project's data)")->check(CLI::ExistingPath);
    predict->add_option("--out", outPath, "CSV file to write")->required();

    std::string prompt;
    int genLength = 300;
    double temperature = 0.8;
    std::uint64_t genSeed = 1;
    auto* generate = app.add_subcommand("generate", "Continue a prompt with a character language model");
    generate->add_option("--project", projectDir)->required()->check(CLI::ExistingDirectory);
    generate->add_option("--prompt", prompt);
    generate->add_option("--length", genLength)->capture_default_str();
    generate->add_option("--temperature", temperature)->capture_default_str();
    generate->add_option("--seed", genSeed)->check(kCount)->capture_default_str();

    auto* info = app.add_subcommand("info", "Versions of LSTM Studio and its libraries");

    // Further subcommands register here, each from its own file (app/cli_<name>.cpp), and
    // run from their CLI11 callback inside app.parse().
    // deploy commands
    addOnednnCommands(app, g_cancel);
    addRunsCommands(app, g_cancel);
    addForecastCommands(app, g_cancel);
#ifdef STUDIO_WITH_ONNX
    addOnnxCommands(app);
#endif
    addInspectCommand(app);

    std::unique_ptr<DistributedSession> session;
    try {
        app.parse(argc, argv);
        if (*train || *resume) {
            session = DistributedSession::join(distributed);
            if (session && autoSearch)
                throw UsageError("--auto trains many models one after another; it does not run distributed");
        }
        if (*train) {
            if (split.size() != 3)
                throw UsageError("--split needs three fractions: train,val,test (e.g. 0.7,0.15,0.15)");
            const std::vector<double>& fractions = split;
            job.model = ModelSpec::preset(preset);
            // Options given on the command line override the preset.
            if (hiddenOpt->count()) job.model.hidden = explicitModel.hidden;
            if (layersOpt->count()) job.model.layers = explicitModel.layers;
            if (dropoutOpt->count()) job.model.dropout = explicitModel.dropout;
            if (biOpt->count()) job.model.bidirectional = explicitModel.bidirectional;
            job.model.residual = explicitModel.residual;
            job.train.optimizer = parseEnum<OptimizerKind>(optimizer);
            // Defaults nobody chose may give way to short data; given values never do.
            job.train.adaptBatch = batchOpt->count() == 0;
            job.series.adaptWindow = windowOpt->count() == 0;
            job.train.schedule = parseEnum<ScheduleKind>(schedule);
            const TaskKind kind = parseEnum<TaskKind>(task);
            // An option of another task is refused, never silently ignored.
            const auto refuse = [&](std::initializer_list<const char*> names, const char* whose) {
                for (const char* name : names)
                    if (train->get_option(name)->count())
                        throw UsageError(std::string(name) + " is " + whose + " option; --task " + task +
                                         " does not use it");
            };
            const auto forecastOnly = {"--target", "--features", "--date-column", "--window",         "--horizon",
                                       "--scaler", "--missing",  "--head",        "--duplicate-times", "--season", "--auto", "--budget-seconds",
                                       "--calendar", "--indicators", "--residual"};
            if (kind == TaskKind::Forecast) {
                refuse({"--text-column", "--label-column", "--tokenizer", "--keep-case", "--min-freq", "--max-vocab",
                        "--max-length", "--embedding-dim", "--vectors", "--freeze-vectors", "--pooling", "--chunk"},
                       "a text");
            } else {
                refuse(forecastOnly, "a forecast");
                if (kind == TaskKind::Classify) refuse({"--chunk", "--stride"}, "a character model's");
                if (kind == TaskKind::CharLm) refuse({"--text-column", "--label-column", "--pooling"}, "a classifier's");
            }
            if (kind == TaskKind::Forecast) {
                if (job.series.target.empty()) throw UsageError("--target is required for a forecast");
                // A bare --calendar picks the parts from the time column's frequency.
                auto& calendar = job.series.calendar;
                calendar.erase(std::remove(calendar.begin(), calendar.end(), std::string()), calendar.end());
                if (train->get_option("--calendar")->count() && calendar.empty()) calendar = {"auto"};
                job.series.trainFraction = fractions[0];
                job.series.valFraction = fractions[1];
                job.series.testFraction = fractions[2];
                // "a,,b" names two columns, as it always has.
                features.erase(std::remove(features.begin(), features.end(), std::string()), features.end());
                job.series.features = features;
                job.series.scaler = parseEnum<ScalerKind>(scaler);
                job.series.missing = parseEnum<MissingPolicy>(missing);
                job.series.duplicates = parseEnum<DuplicateTimes>(duplicates);
                if (headOpt->count()) job.model.head = parseEnum<HeadKind>(head);
                if (budgetOpt->count() && !autoSearch) throw UsageError("--budget-seconds is an option of --auto");
                if (!(budgetSeconds > 0)) throw UsageError("--budget-seconds must be positive");
                const auto started = std::chrono::steady_clock::now();
                cliTrain(job, g_cancel, session.get());
                if (autoSearch) {
                    const double spent =
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                    cliAutoSearch(job.outDir, budgetSeconds - spent, g_cancel);
                }
            } else {
                // The task's own defaults where the command line and the preset say nothing.
                const TaskDefaults defaults = taskFor(kind).defaults();
                textJob.task = kind;
                textJob.dataPath = job.dataPath;
                textJob.outDir = job.outDir;
                textJob.train = job.train;
                textJob.text.trainFraction = fractions[0];
                textJob.text.valFraction = fractions[1];
                textJob.text.testFraction = fractions[2];
                textJob.text.seed = job.train.seed;
                textJob.text.tokenizer.lowercase = !keepCase;
                textJob.text.tokenizer.kind = parseEnum<TokenizerKind>(tokenizer);
                textJob.model.hidden = job.model.hidden;
                textJob.model.layers = job.model.layers;
                textJob.model.dropout = job.model.dropout;
                textJob.model.pooling = parseEnum<Pooling>(pooling);
                textJob.model.bidirectional = biOpt->count() ? explicitModel.bidirectional : defaults.bidirectional;
                if (!hiddenOpt->count() && preset == "small") textJob.model.hidden = defaults.hidden;
                if (!embeddingOpt->count()) textJob.model.embeddingDim = defaults.embeddingDim;
                if (!poolingOpt->count())
                    textJob.model.pooling = defaults.attention ? Pooling::Attention : Pooling::Last;
                if (!minFreqOpt->count()) textJob.text.vocab.minFreq = defaults.minFreq;
                if (!maxLengthOpt->count()) textJob.text.maxLength = defaults.maxLength;
                if (!lrOpt->count()) textJob.train.lr = defaults.lr;
                if (kind == TaskKind::Classify) {
                    if (textJob.text.textColumn.empty() || textJob.text.labelColumn.empty())
                        throw UsageError("--text-column and --label-column are required for classify");
                } else {
                    if (tokenizerOpt->count() && tokenizer != "char")
                        throw UsageError("a character language model uses the char tokenizer");
                    textJob.model.bidirectional = false;
                }
                if (defaults.charTokens) textJob.text.tokenizer.kind = TokenizerKind::Char;
                if (strideOpt->count()) textJob.text.stride = job.series.stride;
                cliTrainText(textJob, g_cancel, session.get());
            }
        } else if (*resume) {
            cliResume(projectDir, resumeEpochs, g_cancel, session.get());
        } else if (*evaluate) {
            cliEvaluate(projectDir, importance);
        } else if (*predict) {
            cliPredict(projectDir, dataPath, outPath);
        } else if (*generate) {
            cliGenerate(projectDir, prompt, genLength, temperature, genSeed, g_cancel);
        } else if (*info) {
            cliInfo();
        }
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        // A command line CLI11 cannot read reads like every other usage error.
        std::fprintf(stderr, "error: %s (see --help)\n", e.what());
        return 2;
    } catch (const DataError& e) {
        std::fprintf(stderr, "error: %s\n", userMessage(e).c_str());
        return 3;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "error: %s\n", userMessage(e).c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", userMessage(e).c_str());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "error: unexpected failure\n");
        return 1;
    }
    return 0;
}
