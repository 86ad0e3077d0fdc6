#include "nn/model_impl.h"

#include "base/error.h"
#include "base/file_io.h"
#include "nn/archive_check.h"

#include <algorithm>
#include <sstream>

#ifdef STUDIO_WITH_ONEDNN
#include "nn/onednn_lstm_train.h"
#endif

namespace studio {

bool onednnTrainingAvailable() {
#ifdef STUDIO_WITH_ONEDNN
    return true;
#else
    return false;
#endif
}

LstmNetImpl::LstmNetImpl(const ModelSpec& s, int inputs, int outputSize) : spec(s), inputSize(inputs) {
    spec.validate();
    auto options = torch::nn::LSTMOptions(inputs, spec.hidden)
                       .num_layers(spec.layers)
                       .batch_first(true)
                       .bidirectional(spec.bidirectional)
                       // Dropout acts between layers only; PyTorch warns when it is set
                       // on a single layer, so it is left at 0 there.
                       .dropout(spec.layers > 1 ? spec.dropout : 0.0);
    lstm = register_module("lstm", torch::nn::LSTM(options));
    const int width = spec.readoutWidth();
    if (spec.head == HeadKind::Linear) {
        linear = register_module("head", torch::nn::Linear(width, outputSize));
    } else {
        mlp = register_module("head", torch::nn::Sequential(torch::nn::Linear(width, 32), torch::nn::ReLU(),
                                                            torch::nn::Linear(32, outputSize)));
    }
}

bool trainsOnOnednn(const std::string& engine, bool cpu) {
    if (engine != "auto" && engine != "libtorch" && engine != "onednn")
        throw UsageError("unknown training engine '" + engine + "' (expected auto, libtorch or onednn)");
    if (engine == "onednn" && !onednnTrainingAvailable())
        throw UsageError("training engine onednn: this build has no oneDNN; use libtorch or auto");
    if (engine == "onednn" && !cpu)
        throw UsageError("training engine onednn runs on the CPU only; use auto or libtorch");
    return engine != "libtorch" && cpu && onednnTrainingAvailable();
}

void LstmNetImpl::setEngine(const std::string& engine) {
    const bool dnn = trainsOnOnednn(engine, lstm->all_weights().front().device().is_cpu());
    onednn.reset();
#ifdef STUDIO_WITH_ONEDNN
    if (dnn)
        onednn = std::make_shared<OnednnLstmTrainer>(inputSize, spec.hidden, spec.layers, spec.bidirectional,
                                                     spec.residual);
#else
    (void)dnn;
#endif
}

std::string LstmNetImpl::engine() const { return onednn ? "onednn" : "libtorch"; }

torch::Tensor LstmNetImpl::sequence(const torch::Tensor& x) {
    const double dropout = spec.layers > 1 ? spec.dropout : 0.0;
#ifdef STUDIO_WITH_ONEDNN
    if (onednn && torch::GradMode::is_enabled() && x.device().is_cpu() && x.scalar_type() == torch::kFloat32)
        return onednn->forward(x, lstm->all_weights(), dropout, is_training());
#endif
    if (!spec.residual || spec.layers == 1) return std::get<0>(lstm->forward(x));
    // Layer by layer on the LSTM's own weights, so that the parameters keep nn.LSTM's names
    // (checkpoints, exports and the inference engines read them so).
    const std::vector<torch::Tensor> weights = lstm->all_weights();
    const int dirs = spec.bidirectional ? 2 : 1;
    const std::size_t perLayer = 4 * static_cast<std::size_t>(dirs);
    const torch::Tensor zeros = torch::zeros({dirs, x.size(0), spec.hidden}, x.options());
    torch::Tensor h = x;
    for (int l = 0; l < spec.layers; ++l) {
        const torch::Tensor in = l > 0 && is_training() && dropout > 0.0 ? torch::dropout(h, dropout, true) : h;
        const torch::TensorList w(weights.data() + l * perLayer, perLayer);
        torch::Tensor out = std::get<0>(torch::lstm(in, {zeros, zeros}, w, /*has_biases=*/true, /*num_layers=*/1,
                                                    /*dropout=*/0.0, is_training(), spec.bidirectional,
                                                    /*batch_first=*/true));
        h = l > 0 ? out + h : out;
    }
    return h;
}

torch::Tensor LstmNetImpl::readout(const torch::Tensor& x) {
    const torch::Tensor out = sequence(x);  // [batch, time, D*hidden]
    if (!spec.bidirectional) return out.select(1, -1);
    const int64_t h = spec.hidden;
    return torch::cat({out.select(1, -1).narrow(1, 0, h), out.select(1, 0).narrow(1, h, h)}, 1);
}

torch::Tensor LstmNetImpl::forward(const torch::Tensor& x) {
    const torch::Tensor features = readout(x);
    return spec.head == HeadKind::Linear ? linear->forward(features) : mlp->forward(features);
}

torch::Device resolveDevice(const std::string& name) {
    if (name.empty() || name == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0) : torch::kCPU;
    if (name == "cpu") return torch::kCPU;
    if (name.rfind("cuda", 0) == 0) {
        if (!torch::cuda::is_available())
            throw UsageError("device '" + name + "' requested but LibTorch sees no CUDA GPU; use cpu or auto");
        int index = 0;
        if (name.size() > 4) {
            if (name[4] != ':') throw UsageError("unknown device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
            try {
                index = std::stoi(name.substr(5));
            } catch (const std::exception&) {
                throw UsageError("unknown device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
            }
        }
        if (index < 0 || index >= static_cast<int>(torch::cuda::device_count()))
            throw UsageError("device '" + name + "': LibTorch sees " + std::to_string(torch::cuda::device_count()) +
                             " CUDA device(s)");
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    throw UsageError("unknown device '" + name + "' (expected auto, cpu, cuda or cuda:N)");
}

std::vector<torch::Tensor> snapshotState(torch::nn::Module& module) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> state;
    for (const auto& p : module.parameters()) state.push_back(p.detach().clone());
    for (const auto& b : module.buffers()) state.push_back(b.detach().clone());
    return state;
}

void restoreState(torch::nn::Module& module, const std::vector<torch::Tensor>& state) {
    torch::NoGradGuard noGrad;
    std::size_t i = 0;
    for (auto& p : module.parameters()) p.copy_(state.at(i++));
    for (auto& b : module.buffers()) b.copy_(state.at(i++));
}

Model::Model(const ModelSpec& spec, int inputSize, int outputSize) : Network(std::make_unique<Impl>()) {
    if (inputSize < 1 || outputSize < 1) throw UsageError("model needs at least one input and one output");
    stateAs<Impl>().spec = spec;
    stateAs<Impl>().inputSize = inputSize;
    stateAs<Impl>().outputSize = outputSize;
    stateAs<Impl>().net = LstmNet(spec, inputSize, outputSize);
}

Model::~Model() = default;
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;

Model::Impl& Model::impl() { return stateAs<Impl>(); }
const Model::Impl& Model::impl() const { return stateAs<Impl>(); }

const ModelSpec& Model::spec() const { return stateAs<Impl>().spec; }
int Model::inputSize() const { return stateAs<Impl>().inputSize; }
int Model::outputSize() const { return stateAs<Impl>().outputSize; }

std::vector<float> Model::predict(const std::vector<float>& x, int batch, int time) const {
    const std::int64_t expected = static_cast<std::int64_t>(batch) * time * stateAs<Impl>().inputSize;
    if (static_cast<std::int64_t>(x.size()) != expected)
        throw Error("predict: expected " + std::to_string(expected) + " values, got " + std::to_string(x.size()));
    torch::NoGradGuard noGrad;
    const bool wasTraining = stateAs<Impl>().net->is_training();
    stateAs<Impl>().net->eval();
    auto input = torch::from_blob(const_cast<float*>(x.data()), {batch, time, stateAs<Impl>().inputSize}, torch::kFloat32)
                     .to(stateAs<Impl>().device);
    torch::Tensor out = stateAs<Impl>().net->forward(input).to(torch::kCPU).contiguous();
    if (wasTraining) stateAs<Impl>().net->train();
    return std::vector<float>(out.data_ptr<float>(), out.data_ptr<float>() + out.numel());
}

std::vector<NamedTensor> namedParameters(torch::nn::Module& module) {
    std::vector<NamedTensor> out;
    for (const auto& item : module.named_parameters()) {
        const torch::Tensor t = item.value().detach().to(torch::kCPU).contiguous();
        out.push_back({item.key(), std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()),
                       std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel())});
    }
    return out;
}

void setNamedParameters(torch::nn::Module& module, const std::vector<NamedTensor>& params, bool requireAll) {
    torch::NoGradGuard noGrad;
    auto named = module.named_parameters();
    if (requireAll && params.size() != named.size())
        throw Error("expected " + std::to_string(named.size()) + " parameters, got " + std::to_string(params.size()));
    for (const auto& p : params) {
        torch::Tensor* target = named.find(p.name);
        if (!target) throw Error("model has no parameter named '" + p.name + "'");
        if (std::vector<std::int64_t>(target->sizes().begin(), target->sizes().end()) != p.shape ||
            static_cast<std::int64_t>(p.values.size()) != target->numel())
            throw Error("parameter '" + p.name + "' has the wrong shape");
        target->copy_(torch::from_blob(const_cast<float*>(p.values.data()), target->sizes(), torch::kFloat32));
    }
}

std::int64_t countParameters(torch::nn::Module& module) {
    std::int64_t n = 0;
    for (const auto& p : module.parameters()) n += p.numel();
    return n;
}

void saveModule(torch::nn::Module& module, const std::string& path) {
    // Serialized in memory, then written by writeFileAtomically, whose errors name the
    // cause (a full disk, a size limit) where LibTorch's writer says only that it failed.
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        module.save(archive);
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        throw Error("cannot write model weights to " + path + ": " + e.what_without_backtrace());
    }
    writeFileAtomically(path, bytes.str());
}

void loadModule(torch::nn::Module& module, const std::string& path, torch::Device device) {
    try {
        checkArchiveIntegrity(path, "cannot read model weights from " + path);
        torch::serialize::InputArchive archive;
        archive.load_from(path, device);
        checkArchiveFits(module, archive, "", path);
        module.load(archive);
    } catch (const DataError&) {
        throw;
    } catch (const c10::Error& e) {
        throw DataError("cannot read model weights from " + path + ": " + e.what_without_backtrace());
    } catch (const std::exception& e) {  // a damaged archive also fails in the TorchScript parser
        throw DataError("cannot read model weights from " + path + ": " + e.what());
    }
}

Network::Network(std::unique_ptr<State> state) : state_(std::move(state)) {}
Network::Network(Network&&) noexcept = default;
Network& Network::operator=(Network&&) noexcept = default;
Network::~Network() = default;

std::vector<NamedTensor> Network::parameters() const { return namedParameters(state_->module()); }

void Network::setParameters(const std::vector<NamedTensor>& params) {
    setNamedParameters(state_->module(), params, state_->requireAll);
}

std::int64_t Network::parameterCount() const { return countParameters(state_->module()); }

void Network::to(const std::string& device) {
    state_->device = resolveDevice(device);
    state_->module().to(state_->device);
    // Weights moved or loaded on CUDA must be one contiguous block for cuDNN.
    if (state_->device.is_cuda()) state_->lstm().flatten_parameters();
}

std::string Network::device() const { return state_->device.str(); }

void Network::save(const std::string& path) const { saveModule(state_->module(), path); }

void Network::load(const std::string& path) {
    loadModule(state_->module(), path, state_->device);
    if (state_->device.is_cuda()) state_->lstm().flatten_parameters();
}

}  // namespace studio
