#include "runtime/onednn_lstm_stack_impl.h"

// OnednnLstmStack's calls: construction (weights, the oneDNN copies, the loops), the
// forward pass on the loops or on parts run through the primitives, and the readout.

namespace studio {

using onednn_stack::addScaled;

OnednnLstmStack::OnednnLstmStack(OnednnLstmWeights weights) : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.w = std::move(weights);
    d.dirs = d.w.bidirectional ? 2 : 1;
    const int layers = static_cast<int>(d.w.layers.size()), h = d.w.hidden, h4 = 4 * h;
    if (layers < 1 || h < 1) throw Error("oneDNN LSTM: no layers");
    if (d.w.residual && layers > 1) {
        // Each layer a stack of its own, reading fp32 and writing fp32: an int8 layer after
        // the first brings its input into range as layer 0 does, with its own scales.
        for (int l = 0; l < layers; ++l) {
            OnednnLstmWeights one;
            one.hidden = h;
            one.bidirectional = d.w.bidirectional;
            one.dataScale = d.w.dataScale;
            one.dataShift = d.w.dataShift;
            one.inputScale = l == 0 ? d.w.inputScale : d.w.layers[l].inputScale;
            one.layers = {d.w.layers[l]};
            d.residualLayers.push_back(std::make_unique<OnednnLstmStack>(std::move(one)));
        }
        return;
    }
    for (int l = 1; l < layers; ++l)
        if (!d.w.layers[l].int8 && d.w.layers[0].int8)
            throw Error("oneDNN LSTM: only layer 0 may stay fp32 in an int8 stack");
    try {
        for (int l = 0; l < layers; ++l) {
            const auto& L = d.w.layers[l];
            if (L.inputWidth != (l == 0 ? L.inputWidth : d.dirs * h) || int(L.weightIh.size()) != d.dirs ||
                int(L.weightHh.size()) != d.dirs || int(L.bias.size()) != d.dirs ||
                (L.int8 && int(L.scales.size()) != h4))
                throw Error("oneDNN LSTM: layer " + std::to_string(l) + " weights do not fit the shape");
            d.userIh.push_back(d.userWeights(L.weightIh, L.inputWidth));
            d.userHh.push_back(d.userWeights(L.weightHh, h));
            d.biases.emplace_back(sizeof(float) * d.dirs * h4);
            for (int k = 0; k < d.dirs; ++k)
                std::copy(L.bias[k].begin(), L.bias[k].end(), d.biases.back().as<float>() + std::size_t(k) * h4);
        }
        d.layerWeights.resize(layers);
        d.iterWeights.resize(layers);
        if (d.w.layers[0].int8) {
            if (int(d.w.inputScale.size()) != d.w.layers[0].inputWidth)
                throw Error("oneDNN LSTM: int8 layer 0 needs one input scale per feature");
            const int in = d.w.layers[0].inputWidth;
            for (const auto& m : d.w.layers[0].weightIh) {
                std::vector<float> t(m.size());
                for (int g = 0; g < h4; ++g)
                    for (int f = 0; f < in; ++f) t[std::size_t(f) * h4 + g] = m[std::size_t(g) * in + f];
                d.ih0T.push_back(std::move(t));
            }
            d.bias0Base.assign(d.biases[0].as<float>(), d.biases[0].as<float>() + d.dirs * h4);
        }
        if (d.w.layers[0].int8 && !d.w.inputCentre.empty()) {
            if (int(d.w.inputCentre.size()) != d.w.layers[0].inputWidth)
                throw Error("oneDNN LSTM: a fixed layer-0 centre needs one value per feature");
            // Fold it once: bias = base + W' (centre / inputScale).
            for (int k = 0; k < d.dirs; ++k)
                for (int f = 0; f < d.w.layers[0].inputWidth; ++f)
                    addScaled(d.biases[0].as<float>() + std::size_t(k) * h4, d.ih0T[k].data() + std::size_t(f) * h4,
                              d.w.inputCentre[f] / d.w.inputScale[f], h4);
        }
        d.loops = LstmLoops::create(d.w);
    } catch (const dnnl::error& e) {
        throw Error(std::string("oneDNN: ") + e.what());
    }
}

OnednnLstmStack::~OnednnLstmStack() = default;

int OnednnLstmStack::inputWidth() const { return impl_->w.layers[0].inputWidth; }
int OnednnLstmStack::readoutWidth() const { return impl_->dirs * impl_->w.hidden; }
std::int64_t OnednnLstmStack::wideWindows() const {
    std::int64_t n = impl_->wideWindows;
    for (const auto& layer : impl_->residualLayers) n += layer->wideWindows();
    return n;
}

std::int64_t OnednnLstmStack::bytes() const {
    std::int64_t n = 4 * static_cast<std::int64_t>(impl_->w.inputScale.size());
    for (const auto& l : impl_->w.layers) {
        const std::int64_t perValue = l.int8 ? 1 : 4;
        n += 4 * static_cast<std::int64_t>(l.scales.size() + l.inputScale.size());
        for (int k = 0; k < impl_->dirs; ++k)
            n += perValue * (l.weightIh[k].size() + l.weightHh[k].size()) + 4 * l.bias[k].size();
    }
    return n;
}

void OnednnLstmStack::prepare(int batch, int time) {
    if (batch < 1 || time < 1) throw Error("oneDNN LSTM: batch and time must be positive");
    if (!impl_->residualLayers.empty()) {
        for (const auto& layer : impl_->residualLayers) layer->prepare(batch, time);
        return;
    }
    try {
        Impl& d = *impl_;
        const int parts = Impl::parts(batch);
        if (parts == 1) {
            d.plan(batch, time);
            return;
        }
        for (int k = 0; k < parts; ++k)
            d.plan(Impl::partBegin(batch, parts, k + 1) - Impl::partBegin(batch, parts, k), time, k);
    } catch (const dnnl::error& e) {
        throw Error(std::string("oneDNN: cannot build the LSTM primitives: ") + e.what());
    }
}

void OnednnLstmStack::run(const float* x, int batch, int time, float* features) {
    forward(x, batch, time, features, false);
}

void OnednnLstmStack::runSequence(const float* x, int batch, int time, float* out) {
    forward(x, batch, time, out, true);
}

void OnednnLstmStack::forward(const float* x, int batch, int time, float* result, bool sequence) {
    Impl& d = *impl_;
    if (!d.residualLayers.empty()) {
        forwardResidual(x, batch, time, result, sequence);
        return;
    }
    const int in = inputWidth(), h = d.w.hidden, G = d.dirs * h;
    const std::size_t resultPerWindow = sequence ? std::size_t(time) * G : std::size_t(G);
    // One centre serves a whole call. Windows at different levels (a batch spanning a
    // trend) can spread wider than the calibrated range: such a batch runs as two halves,
    // each with its own centre, down to single windows, rather than saturating.
    if (d.w.layers[0].int8 && !d.fitsOneCentre(x, std::size_t(batch) * time)) {
        if (batch == 1) {
            if (!d.wide) d.wide = std::make_unique<OnednnLstmStack>(d.unfoldedLayer0());
            ++d.wideWindows;
            d.wide->forward(x, 1, time, result, sequence);
            return;
        }
        const int half = batch / 2;
        forward(x, half, time, result, sequence);
        forward(x + std::size_t(half) * time * in, batch - half, time, result + half * resultPerWindow, sequence);
        return;
    }
    if (d.loops && (batch == 1 || d.loops->int8Only())) {
        const std::uint8_t* u8 = nullptr;
        const float* bias0 = nullptr;
        const std::size_t rows = std::size_t(batch) * time;
        if (d.w.layers[0].int8) {
            d.loopsU8.resize(rows * in);
            d.loopsBias.resize(std::size_t(d.dirs) * 4 * h);
            // A fixed centre leaves the bias alone: the stored one has it folded in.
            bias0 = d.w.inputCentre.empty() ? d.loopsBias.data() : d.biases[0].as<float>();
            d.quantizeInput(x, rows, d.loopsU8.data(), d.loopsBias.data());
            u8 = d.loopsU8.data();
        }
        if (!sequence) d.loopsOut.resize(rows * G);
        float* out = sequence ? result : d.loopsOut.data();
        const int parts = Impl::parts(batch);
        if (parts == 1) {
            d.loops->run(x, u8, bias0, batch, time, out, sequence);
        } else {
            d.loops->reserve(parts);
            const std::size_t rowValues = std::size_t(time) * in;
            Impl::inParts(batch, parts, [&](int k, int begin, int end) {
                d.loops->run(x + begin * rowValues, u8 ? u8 + begin * rowValues : nullptr, bias0, end - begin, time,
                             out + std::size_t(begin) * time * G, sequence, k);
            });
        }
        if (!sequence) finish(out, batch, time, result, false);
        return;
    }
    prepare(batch, time);
    // The whole call is quantized at once, one centre for all its windows, so the answer
    // does not depend on how many threads share the call.
    const std::uint8_t* u8 = nullptr;
    if (d.w.layers[0].int8) {
        d.partU8.resize(std::size_t(batch) * time * in);
        d.quantizeInput(x, std::size_t(batch) * time, d.partU8.data(), d.biases[0].as<float>());
        u8 = d.partU8.data();
    }
    const int parts = Impl::parts(batch);
    if (parts == 1) {
        Impl::Plan& p = d.plan(batch, time);
        d.runPart(p, d.stream, x, u8, 0, batch, time);
        finish(static_cast<const float*>(p.dst.back()), batch, time, result, sequence);
        return;
    }
    std::vector<Impl::Plan*> plans;
    for (int k = 0; k < parts; ++k)
        plans.push_back(&d.plan(Impl::partBegin(batch, parts, k + 1) - Impl::partBegin(batch, parts, k), time, k));
    while (static_cast<int>(d.partStreams.size()) < parts) d.partStreams.emplace_back(d.engine);
    Impl::inParts(batch, parts, [&](int k, int begin, int end) {
        d.runPart(*plans[k], d.partStreams[k], x, u8, begin, end, time);
        finish(static_cast<const float*>(plans[k]->dst.back()), end - begin, time,
               result + std::size_t(begin) * resultPerWindow, sequence);
    });
}

void OnednnLstmStack::finish(const float* out, int batch, int time, float* result, bool sequence) const {
    const int h = impl_->w.hidden, G = impl_->dirs * h;
    if (sequence) {
        std::copy(out, out + std::size_t(batch) * time * G, result);
        return;
    }
    for (int n = 0; n < batch; ++n) {
        const float* last = out + (std::size_t(n) * time + (time - 1)) * G;
        std::copy(last, last + h, result + std::size_t(n) * G);
        if (impl_->dirs == 2) {
            const float* first = out + std::size_t(n) * time * G;
            std::copy(first + h, first + G, result + std::size_t(n) * G + h);
        }
    }
}

void OnednnLstmStack::forwardResidual(const float* x, int batch, int time, float* result, bool sequence) {
    Impl& d = *impl_;
    const std::size_t n = std::size_t(batch) * time * readoutWidth();
    d.residualIn.resize(n);
    d.residualOut.resize(n);
    d.residualLayers[0]->runSequence(x, batch, time, d.residualIn.data());
    for (std::size_t l = 1; l < d.residualLayers.size(); ++l) {
        d.residualLayers[l]->runSequence(d.residualIn.data(), batch, time, d.residualOut.data());
        addScaled(d.residualOut.data(), d.residualIn.data(), 1.0f, static_cast<int>(n));
        d.residualIn.swap(d.residualOut);
    }
    finish(d.residualIn.data(), batch, time, result, sequence);
}

}  // namespace studio
