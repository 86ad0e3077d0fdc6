#include "tasks/train_params.h"

#include "base/enum_names.h"
#include "base/error.h"
#include "tasks/forecast/forecast_project.h"
#include "tasks/registry.h"
#include "tasks/text/text_project.h"

#include <charconv>
#include <cstdint>
#include <functional>
#include <type_traits>

namespace studio {
namespace {

// One parameter of a job of type Job: how to read it as text and set it from text.
template <class Job>
struct Param {
    std::string name;
    std::function<std::string(const Job&)> get;
    std::function<void(Job&, const std::string&)> set;
};

[[noreturn]] void badValue(const std::string& name, const std::string& text, const char* expected) {
    throw UsageError("parameter " + name + ": '" + text + "' is not " + expected);
}

std::string format(const std::string& v) { return v; }
std::string format(bool v) { return v ? "true" : "false"; }
std::string format(const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
    return out;
}
template <class T>
std::string format(const T& v) {
    if constexpr (std::is_enum_v<T>) {
        return toString(v);
    } else {
        // The shortest text that reads back as the same number.
        char buf[64];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, end);
    }
}

void parse(const std::string& name, const std::string& text, std::string& out) { out = text; }
void parse(const std::string& name, const std::string& text, bool& out) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") out = true;
    else if (text == "false" || text == "0" || text == "no" || text == "off") out = false;
    else badValue(name, text, "true or false");
}
void parse(const std::string&, const std::string& text, std::vector<std::string>& out) {
    out.clear();
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma > start) out.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
}
template <class T>
void parse(const std::string& name, const std::string& text, T& out) {
    if constexpr (std::is_enum_v<T>) {
        try {
            out = parseEnum<T>(text);
        } catch (const UsageError& e) {
            throw UsageError("parameter " + name + ": " + e.what());
        }
    } else {
        T value{};
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || text.empty())
            badValue(name, text, std::is_integral_v<T> ? "a whole number in range" : "a number");
        out = value;
    }
}

// A parameter bound to the member that `ref` returns a reference to.
template <class Job, class Ref>
Param<Job> field(const char* name, Ref ref) {
    return {name, [ref](const Job& j) { return format(ref(const_cast<Job&>(j))); },
            [ref, name = std::string(name)](Job& j, const std::string& text) { parse(name, text, ref(j)); }};
}

// "train,val,test" fractions of a spec with trainFraction, valFraction, testFraction.
template <class Job, class Ref>
Param<Job> splitField(Ref spec) {
    return {"split",
            [spec](const Job& j) {
                const auto& s = spec(const_cast<Job&>(j));
                return format(s.trainFraction) + "," + format(s.valFraction) + "," + format(s.testFraction);
            },
            [spec](Job& j, const std::string& text) {
                std::vector<std::string> parts;
                parse("split", text, parts);
                if (parts.size() != 3) badValue("split", text, "three fractions train,val,test");
                auto& s = spec(j);
                parse("split", parts[0], s.trainFraction);
                parse("split", parts[1], s.valFraction);
                parse("split", parts[2], s.testFraction);
            }};
}

template <class Job>
void addTrainFields(std::vector<Param<Job>>& p) {
    p.push_back(field<Job>("epochs", [](Job& j) -> auto& { return j.train.epochs; }));
    p.push_back(field<Job>("batch-size", [](Job& j) -> auto& { return j.train.batchSize; }));
    p.push_back(field<Job>("lr", [](Job& j) -> auto& { return j.train.lr; }));
    p.push_back(field<Job>("optimizer", [](Job& j) -> auto& { return j.train.optimizer; }));
    p.push_back(field<Job>("momentum", [](Job& j) -> auto& { return j.train.momentum; }));
    p.push_back(field<Job>("weight-decay", [](Job& j) -> auto& { return j.train.weightDecay; }));
    p.push_back(field<Job>("schedule", [](Job& j) -> auto& { return j.train.schedule; }));
    p.push_back(field<Job>("clip", [](Job& j) -> auto& { return j.train.clip; }));
    p.push_back(field<Job>("patience", [](Job& j) -> auto& { return j.train.patience; }));
    p.push_back(field<Job>("threads", [](Job& j) -> auto& { return j.train.threads; }));
    p.push_back(field<Job>("device", [](Job& j) -> auto& { return j.train.device; }));
    p.push_back(field<Job>("engine", [](Job& j) -> auto& { return j.train.engine; }));
}

const std::vector<Param<ForecastJobConfig>>& forecastParams() {
    using J = ForecastJobConfig;
    static const std::vector<Param<J>> params = [] {
        std::vector<Param<J>> p;
        p.push_back(field<J>("data", [](J& j) -> auto& { return j.dataPath; }));
        p.push_back(field<J>("target", [](J& j) -> auto& { return j.series.target; }));
        p.push_back(field<J>("features", [](J& j) -> auto& { return j.series.features; }));
        p.push_back(field<J>("date-column", [](J& j) -> auto& { return j.series.timeColumn; }));
        p.push_back(field<J>("window", [](J& j) -> auto& { return j.series.window; }));
        p.push_back(field<J>("horizon", [](J& j) -> auto& { return j.series.horizon; }));
        p.push_back(field<J>("stride", [](J& j) -> auto& { return j.series.stride; }));
        p.push_back(splitField<J>([](J& j) -> auto& { return j.series; }));
        p.push_back(field<J>("scaler", [](J& j) -> auto& { return j.series.scaler; }));
        p.push_back(field<J>("missing", [](J& j) -> auto& { return j.series.missing; }));
        p.push_back(field<J>("duplicate-times", [](J& j) -> auto& { return j.series.duplicates; }));
        p.push_back(field<J>("calendar", [](J& j) -> auto& { return j.series.calendar; }));
        p.push_back(field<J>("indicators", [](J& j) -> auto& { return j.series.indicators; }));
        p.push_back(field<J>("hidden", [](J& j) -> auto& { return j.model.hidden; }));
        p.push_back(field<J>("layers", [](J& j) -> auto& { return j.model.layers; }));
        p.push_back(field<J>("dropout", [](J& j) -> auto& { return j.model.dropout; }));
        p.push_back(field<J>("bidirectional", [](J& j) -> auto& { return j.model.bidirectional; }));
        p.push_back(field<J>("residual", [](J& j) -> auto& { return j.model.residual; }));
        p.push_back(field<J>("head", [](J& j) -> auto& { return j.model.head; }));
        addTrainFields(p);
        p.push_back(field<J>("seed", [](J& j) -> auto& { return j.train.seed; }));
        return p;
    }();
    return params;
}

const std::vector<Param<TextJobConfig>>& textParams() {
    using J = TextJobConfig;
    static const std::vector<Param<J>> params = [] {
        std::vector<Param<J>> p;
        p.push_back(field<J>("data", [](J& j) -> auto& { return j.dataPath; }));
        p.push_back(field<J>("text-column", [](J& j) -> auto& { return j.text.textColumn; }));
        p.push_back(field<J>("label-column", [](J& j) -> auto& { return j.text.labelColumn; }));
        p.push_back(field<J>("tokenizer", [](J& j) -> auto& { return j.text.tokenizer.kind; }));
        p.push_back({"keep-case", [](const J& j) { return format(!j.text.tokenizer.lowercase); },
                     [](J& j, const std::string& text) {
                         bool keep = false;
                         parse("keep-case", text, keep);
                         j.text.tokenizer.lowercase = !keep;
                     }});
        p.push_back(field<J>("min-freq", [](J& j) -> auto& { return j.text.vocab.minFreq; }));
        p.push_back(field<J>("max-vocab", [](J& j) -> auto& { return j.text.vocab.maxSize; }));
        p.push_back(field<J>("max-length", [](J& j) -> auto& { return j.text.maxLength; }));
        p.push_back(splitField<J>([](J& j) -> auto& { return j.text; }));
        p.push_back(field<J>("chunk", [](J& j) -> auto& { return j.text.chunk; }));
        p.push_back(field<J>("stride", [](J& j) -> auto& { return j.text.stride; }));
        p.push_back(field<J>("embedding-dim", [](J& j) -> auto& { return j.model.embeddingDim; }));
        p.push_back(field<J>("hidden", [](J& j) -> auto& { return j.model.hidden; }));
        p.push_back(field<J>("layers", [](J& j) -> auto& { return j.model.layers; }));
        p.push_back(field<J>("dropout", [](J& j) -> auto& { return j.model.dropout; }));
        p.push_back(field<J>("bidirectional", [](J& j) -> auto& { return j.model.bidirectional; }));
        p.push_back(field<J>("pooling", [](J& j) -> auto& { return j.model.pooling; }));
        p.push_back(field<J>("vectors", [](J& j) -> auto& { return j.vectorsPath; }));
        p.push_back(field<J>("freeze-vectors", [](J& j) -> auto& { return j.freezeVectors; }));
        addTrainFields(p);
        // The seed orders the training and shuffles the rows before the split, as on the
        // command line; split-seed (after it) keeps a split seeded otherwise.
        p.push_back({"seed", [](const J& j) { return format(j.train.seed); },
                     [](J& j, const std::string& text) {
                         parse("seed", text, j.train.seed);
                         j.text.seed = j.train.seed;
                     }});
        p.push_back(field<J>("split-seed", [](J& j) -> auto& { return j.text.seed; }));
        return p;
    }();
    return params;
}

template <class Job>
const Param<Job>& findParam(const std::vector<Param<Job>>& params, const std::string& name, TaskKind task) {
    for (const auto& p : params)
        if (p.name == name) return p;
    std::string names;
    for (const auto& p : params) names += (names.empty() ? "" : ", ") + p.name;
    throw UsageError("'" + name + "' is not a setting of a " + toString(task) + " run (its settings: " + names + ")");
}

}  // namespace

TaskKind taskOfJob(const TrainingJobConfig& job) {
    if (const auto* text = std::get_if<TextJobConfig>(&job)) return text->task;
    return TaskKind::Forecast;
}

TrainParams trainParams(const TrainingJobConfig& job) {
    TrainParams out;
    std::visit(
        [&](const auto& j) {
            using J = std::decay_t<decltype(j)>;
            const auto& table = [] {
                if constexpr (std::is_same_v<J, ForecastJobConfig>) return &forecastParams();
                else return &textParams();
            }();
            out.emplace_back("task", toString(taskOfJob(job)));
            for (const auto& p : *table) out.emplace_back(p.name, p.get(j));
        },
        job);
    return out;
}

std::vector<std::string> trainParamNames(const TrainingJobConfig& job) {
    std::vector<std::string> names;
    for (const auto& [name, value] : trainParams(job)) names.push_back(name);
    return names;
}

void setTrainParam(TrainingJobConfig& job, const std::string& name, const std::string& value) {
    if (name == "task") {
        if (value != toString(taskOfJob(job)))
            throw UsageError("a run's task cannot change (" + toString(taskOfJob(job)) + ", not " + value + ")");
        return;
    }
    std::visit(
        [&](auto& j) {
            using J = std::decay_t<decltype(j)>;
            if constexpr (std::is_same_v<J, ForecastJobConfig>)
                findParam(forecastParams(), name, TaskKind::Forecast).set(j, value);
            else
                findParam(textParams(), name, j.task).set(j, value);
        },
        job);
}

TrainingJobConfig trainingJobFrom(const TrainParams& params) {
    TaskKind task = TaskKind::Forecast;
    for (const auto& [name, value] : params)
        if (name == "task") task = parseEnum<TaskKind>(value);
    TrainingJobConfig job;
    if (task == TaskKind::Forecast) {
        job = ForecastJobConfig{};
    } else {
        TextJobConfig text;
        text.task = task;
        job = text;
    }
    for (const auto& [name, value] : params) setTrainParam(job, name, value);
    return job;
}

TrainingJobConfig trainingJobOfProject(const std::string& dir) {
    if (taskOf(dir) == TaskKind::Forecast) {
        const ProjectFile p = loadProjectFile(dir);
        ForecastJobConfig job;
        job.dataPath = p.dataPath;
        job.series = p.series;
        job.model = p.model;
        job.train = p.train;
        return job;
    }
    const TextProjectFile p = loadTextProjectFile(dir);
    TextJobConfig job;
    job.task = p.task;
    job.dataPath = p.dataPath;
    job.text = p.text;
    job.model = p.model;
    job.train = p.train;
    job.vectorsPath = p.vectorsPath;
    job.freezeVectors = p.model.freezeEmbedding;
    return job;
}

TaskResult trainJob(const TrainingJobConfig& job, TrainObserver* observer, const std::atomic<bool>* cancel) {
    return std::visit(
        [&](const auto& j) -> TaskResult {
            using J = std::decay_t<decltype(j)>;
            if constexpr (std::is_same_v<J, ForecastJobConfig>) return trainForecast(j, observer, cancel);
            else return trainText(j, observer, cancel);
        },
        job);
}

const std::string& outDirOf(const TrainingJobConfig& job) {
    return std::visit([](const auto& j) -> const std::string& { return j.outDir; }, job);
}

void setOutDir(TrainingJobConfig& job, const std::string& dir) {
    std::visit([&](auto& j) { j.outDir = dir; }, job);
}

const TrainConfig& trainConfigOf(const TrainingJobConfig& job) {
    return std::visit([](const auto& j) -> const TrainConfig& { return j.train; }, job);
}

}  // namespace studio
