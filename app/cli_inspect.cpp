#include "cli_inspect.h"

#include "base/file_io.h"
#include "jobs/inspect.h"

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>

namespace studio {
namespace {

struct InspectArgs {
    InspectRequest request;
    std::size_t row = 0;
    std::string text;
    std::string out;
};

void printSummary(const InspectResult& r) {
    std::printf("%s model, run %s: %zu steps, %d units per direction\n", r.task.c_str(), r.run.c_str(),
                r.steps.size(), r.hidden);
    if (!r.steps.empty())
        std::printf("  steps: %s .. %s\n", r.steps.front().c_str(), r.steps.back().c_str());
    for (const GateLayerTrace& trace : r.layers) {
        const std::vector<double> f = trace.meanForget();
        const double mean = std::accumulate(f.begin(), f.end(), 0.0) / f.size();
        // A forget gate f keeps f^k of a cell value after k steps: half after log(0.5)/log(f).
        std::printf("  layer %d %-8s mean forget gate %.3f (first step %.3f, last %.3f)", trace.layer,
                    trace.backward ? "backward" : "forward", mean, f.front(), f.back());
        if (mean > 0 && mean < 1) std::printf(", half-life %.1f steps", std::log(0.5) / std::log(mean));
        std::printf("\n");
    }
    for (std::size_t k = 0; k < r.output.size(); ++k)
        std::printf("  %s = %.6g\n", r.outputNames[k].c_str(), r.output[k]);
}

}  // namespace

void addInspectCommand(CLI::App& app) {
    auto args = std::make_shared<InspectArgs>();
    auto* sub = app.add_subcommand("inspect", "Gates and states inside the LSTM for one window or text");
    sub->add_option("--project", args->request.dir, "project folder")->required()->check(CLI::ExistingDirectory);
    auto* row = sub->add_option("--row", args->row, "forecasts: the 0-based data row the window ends at");
    auto* text = sub->add_option("--text", args->text, "text models: the text to read");
    row->excludes(text);
    sub->add_option("--run", args->request.run, "a run of the project (default: the current one)");
    sub->add_option("--out", args->out, "JSON file to write")->required();
    sub->callback([args, row, text] {
        if (row->count() > 0) args->request.row = args->row;
        if (text->count() > 0) args->request.text = args->text;
        const InspectResult result = inspectModel(args->request);
        writeOutputFile(args->out, inspectJson(result, args->request));
        printSummary(result);
        std::printf("wrote %s\n", args->out.c_str());
    });
}

}  // namespace studio
