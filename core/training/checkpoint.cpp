#include "training/checkpoint.h"

#include "base/error.h"
#include "base/file_io.h"
#include "nn/archive_check.h"

#include <sstream>

namespace studio {
namespace {

constexpr int kHistoryFields = 11;

torch::Tensor bytesTensor(const std::string& s) {
    return torch::from_blob(const_cast<char*>(s.data()), {static_cast<std::int64_t>(s.size())}, torch::kUInt8).clone();
}

class Reader {
public:
    Reader(const std::string& path, torch::nn::Module& module) : path_(path) {
        checkArchiveIntegrity(path, "cannot read checkpoint " + path);
        const auto params = module.parameters();
        archive_.load_from(path, params.empty() ? torch::Device(torch::kCPU) : params.front().device());
    }

    const std::string& path() const { return path_; }

    torch::Tensor tensor(const std::string& key) {
        torch::Tensor t;
        if (!archive_.try_read(key, t)) fail("has no '" + key + "'");
        return t.to(torch::kCPU);
    }

    torch::serialize::InputArchive child(const std::string& key) {
        torch::serialize::InputArchive a;
        if (!archive_.try_read(key, a)) fail("has no '" + key + "'");
        return a;
    }

    // A single number, whole or not, of any type LibTorch stores numbers in.
    double number(const std::string& key) {
        const torch::Tensor t = tensor(key);
        if (t.numel() != 1 || t.is_complex() || t.scalar_type() == torch::kBool)
            fail("'" + key + "' is no single number");
        return t.to(torch::kFloat64).item<double>();
    }

    bool has(const std::string& key) {
        torch::Tensor t;
        return archive_.try_read(key, t);
    }

    int count(const std::string& key) {
        const double v = number(key);
        if (!(v >= 0.0 && v <= 1e9) || v != static_cast<double>(static_cast<int>(v)))
            fail("'" + key + "' holds " + std::to_string(v) + ", not a count");
        return static_cast<int>(v);
    }

    std::string bytes(const std::string& key) {
        const torch::Tensor t = tensor(key);
        if (t.scalar_type() != torch::kUInt8 || t.dim() != 1) fail("'" + key + "' is no byte string");
        const torch::Tensor c = t.contiguous();
        return std::string(reinterpret_cast<const char*>(c.data_ptr<std::uint8_t>()), c.numel());
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw DataError("cannot read checkpoint " + path_ + ": it " + what + " (is it a checkpoint.pt of this project?)");
    }

private:
    std::string path_;
    torch::serialize::InputArchive archive_;
};

CheckpointState readState(Reader& in, torch::nn::Module& module, torch::optim::Optimizer& optimizer) {
    CheckpointState s;
    // The weights: the same names and shapes as the network's, then loaded.
    torch::serialize::InputArchive current = in.child("current");
    checkArchiveFits(module, current, "current.", in.path());
    // The best weights: one tensor per parameter and buffer, each of its shape.
    std::vector<torch::Tensor> shapes;
    for (const auto& p : module.parameters()) shapes.push_back(p);
    for (const auto& b : module.buffers()) shapes.push_back(b);
    torch::serialize::InputArchive bestArchive = in.child("best");
    if (bestArchive.keys().size() != shapes.size())
        in.fail("holds " + std::to_string(bestArchive.keys().size()) + " best tensors for a network of " +
                std::to_string(shapes.size()));
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        torch::Tensor t;
        if (!bestArchive.try_read(std::to_string(i), t)) in.fail("lacks best tensor " + std::to_string(i));
        if (t.sizes() != shapes[i].sizes() || !t.is_floating_point())
            in.fail("has best tensor " + std::to_string(i) + " of shape " + shapeText(t.sizes()) + ", expected " +
                    shapeText(shapes[i].sizes()));
        s.best.push_back(t.to(shapes[i].device(), shapes[i].scalar_type()));
    }
    s.epoch = in.count("epoch");
    s.bestEpoch = in.count("best_epoch");
    s.epochsWithoutImprovement = in.count("epochs_without_improvement");
    s.bestValLoss = in.number("best_val_loss");
    s.bestScore = in.number("best_score");
    // Written since data-parallel training; earlier checkpoints are of one process.
    s.processes = in.has("processes") ? in.count("processes") : 1;
    if (s.processes < 1) in.fail("names a training of no processes");
    if (s.bestEpoch > s.epoch) in.fail("names best epoch " + std::to_string(s.bestEpoch) + " of " + std::to_string(s.epoch));

    std::istringstream shuffle(in.bytes("shuffle_rng"));
    shuffle >> s.shuffle;
    if (!shuffle) in.fail("holds no state of the batch order's generator");
    s.torchRng = in.tensor("torch_rng");
    const torch::Tensor now = at::detail::getDefaultCPUGenerator().get_state();
    if (s.torchRng.scalar_type() != now.scalar_type() || s.torchRng.sizes() != now.sizes())
        in.fail("holds no state of LibTorch's generator");

    const torch::Tensor h = in.tensor("history");
    if (h.dim() != 2 || h.size(1) != kHistoryFields || !h.is_floating_point())
        in.fail("holds a history of shape " + shapeText(h.sizes()) + ", expected [epochs, " +
                std::to_string(kHistoryFields) + "]");
    const torch::Tensor rows = h.to(torch::kFloat64).contiguous();
    for (std::int64_t i = 0; i < rows.size(0); ++i) {
        const double* row = rows.data_ptr<double>() + i * kHistoryFields;
        EpochStats e;
        e.epoch = static_cast<int>(row[0]);
        e.trainLoss = row[1], e.valLoss = row[2], e.gradNormMean = row[3], e.gradNormMax = row[4];
        e.clippedFraction = row[5], e.lr = row[6], e.seconds = row[7], e.samplesPerSecond = row[8];
        e.improved = row[9] != 0.0;
        e.valMetric = row[10];
        s.history.push_back(e);
    }

    // Everything checked: the optimizer's state (checked by LibTorch against its parameter
    // groups), then the weights.
    torch::serialize::InputArchive optim = in.child("optimizer");
    optimizer.load(optim);
    module.load(current);
    return s;
}

}  // namespace

void writeCheckpoint(const std::string& path, torch::nn::Module& module, torch::optim::Optimizer& optimizer,
                     const CheckpointState& state) {
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        torch::serialize::OutputArchive current, bestArchive, optim;
        module.save(current);
        archive.write("current", current);
        for (std::size_t i = 0; i < state.best.size(); ++i) bestArchive.write(std::to_string(i), state.best[i]);
        archive.write("best", bestArchive);
        optimizer.save(optim);
        archive.write("optimizer", optim);
        archive.write("epoch", torch::tensor(static_cast<std::int64_t>(state.epoch)));
        archive.write("best_epoch", torch::tensor(static_cast<std::int64_t>(state.bestEpoch)));
        archive.write("best_val_loss", torch::tensor(state.bestValLoss, torch::kFloat64));
        archive.write("best_score", torch::tensor(state.bestScore, torch::kFloat64));
        archive.write("epochs_without_improvement", torch::tensor(static_cast<std::int64_t>(state.epochsWithoutImprovement)));
        archive.write("processes", torch::tensor(static_cast<std::int64_t>(state.processes)));
        std::ostringstream rng;
        rng << state.shuffle;
        archive.write("shuffle_rng", bytesTensor(rng.str()));
        archive.write("torch_rng", state.torchRng);
        torch::Tensor h = torch::zeros({static_cast<std::int64_t>(state.history.size()), kHistoryFields}, torch::kFloat64);
        double* out = h.data_ptr<double>();
        for (const EpochStats& e : state.history) {
            const double row[kHistoryFields] = {double(e.epoch), e.trainLoss, e.valLoss, e.gradNormMean, e.gradNormMax,
                                                e.clippedFraction, e.lr, e.seconds, e.samplesPerSecond,
                                                e.improved ? 1.0 : 0.0, e.valMetric};
            out = std::copy(row, row + kHistoryFields, out);
        }
        archive.write("history", h);
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        throw Error("cannot write checkpoint " + path + ": " + e.what_without_backtrace());
    }
    // Written beside the target and renamed, so a crash leaves the old checkpoint whole.
    writeFileAtomically(path, bytes.str());
}

CheckpointState readCheckpoint(const std::string& path, torch::nn::Module& module, torch::optim::Optimizer& optimizer) {
    try {
        Reader in(path, module);
        return readState(in, module, optimizer);
    } catch (const DataError&) {
        throw;  // names the file already
    } catch (const c10::Error& e) {
        throw DataError("cannot read checkpoint " + path + ": " + e.what_without_backtrace());
    } catch (const std::exception& e) {  // a damaged archive also fails in the TorchScript parser
        throw DataError("cannot read checkpoint " + path + ": " + e.what());
    }
}

}  // namespace studio
