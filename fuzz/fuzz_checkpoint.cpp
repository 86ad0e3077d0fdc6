// libFuzzer target: the trainer's checkpoint reader (checkpoint.pt, a LibTorch archive).
// An input is read as the checkpoint of a small forecaster (1 input, LSTM of 8 units,
// Linear head: the network of the v1 fixture) and its Adam optimizer; only studio::Error
// may come out, and what is read must fit the network. LibTorch itself is not
// instrumented: the coverage is that of the reader and the checks it makes.
//
// STUDIO_FUZZ_WRITE_SEED=FILE writes a valid checkpoint of that network to FILE and exits
// (how corpus/checkpoint/seed.pt was made).

#include "base/error.h"
#include "fuzz_input.h"
#include "training/checkpoint.h"

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

struct Net : torch::nn::Module {
    Net() {
        lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(1, 8).batch_first(true)));
        head = register_module("head", torch::nn::Linear(8, 1));
    }
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Linear head{nullptr};
};

void writeSeed(const std::string& path) {
    torch::manual_seed(1);
    Net net;
    torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(1e-3));
    // One step, so that the optimizer has state to save.
    const torch::Tensor x = torch::randn({4, 5, 1});
    const torch::Tensor y = net.head(std::get<0>(net.lstm(x)).select(1, -1));
    y.pow(2).mean().backward();
    adam.step();
    studio::CheckpointState s;
    s.epoch = 2;
    s.bestEpoch = 1;
    s.bestValLoss = 0.25;
    s.bestScore = -0.25;
    for (const auto& p : net.parameters()) s.best.push_back(p.detach().clone());
    s.torchRng = at::detail::getDefaultCPUGenerator().get_state();
    s.history.resize(2);
    s.history[0].epoch = 1, s.history[1].epoch = 2;
    studio::writeCheckpoint(path, net, adam, s);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    torch::set_num_threads(1);
    if (const char* seed = std::getenv("STUDIO_FUZZ_WRITE_SEED")) {
        writeSeed(seed);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = studio::fuzz::writeScratchFile("checkpoint.pt", data, size);
    Net net;
    torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(1e-3));
    try {
        const studio::CheckpointState s = studio::readCheckpoint(path, net, adam);
        if (s.best.size() != net.parameters().size() || s.bestEpoch > s.epoch) std::abort();
        for (std::size_t i = 0; i < s.best.size(); ++i)
            if (s.best[i].sizes() != net.parameters()[i].sizes()) std::abort();
        // What was read must be usable: a forward pass through the loaded weights.
        (void)net.head(std::get<0>(net.lstm(torch::zeros({1, 3, 1}))).select(1, -1));
    } catch (const studio::Error&) {
    }
    return 0;
}
