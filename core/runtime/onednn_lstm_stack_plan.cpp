#include "runtime/onednn_lstm_stack_impl.h"

// OnednnLstmStack's plans (primitives and buffers for one batch size and length), layer
// 0's quantized input, and one part of a call on the primitives.

namespace studio {
namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;
using onednn_stack::addScaled;
using onednn_stack::AlignedBuffer;

// v rounded to the nearest integer, ties to even (as nearbyint), within [0, 255]. Clamped
// first, which gives the same bytes; then adding and taking away 1.5 * 2^23 rounds it in
// two additions, where nearbyint is a call into the library on the baseline x86-64.
std::uint8_t toU8(float v) {
    constexpr float round = 12582912.0f;
    return static_cast<std::uint8_t>((std::clamp(v, 0.0f, 255.0f) + round) - round);
}

}  // namespace

std::unique_ptr<OnednnLstmStack::Impl::Plan> OnednnLstmStack::Impl::build(int batch, int time) {
    auto p = std::make_unique<Plan>();
    p->batch = batch, p->time = time;
    const int layers = static_cast<int>(w.layers.size()), h = w.hidden;
    const memory::dim T = time, N = batch, G = dirs * h;
    const auto direction =
        dirs == 2 ? dnnl::rnn_direction::bidirectional_concat : dnnl::rnn_direction::unidirectional_left2right;

    auto buffer = [&](std::size_t bytes) {
        p->buffers.emplace_back(bytes);
        return p->buffers.back().get();
    };
    const bool u8In0 = int8(0);
    p->layer0Src = buffer(std::size_t(T) * N * width(0) * (u8In0 ? 1 : sizeof(float)));
    p->dst.resize(layers);
    p->dstU8.resize(layers);
    for (int l = 0; l < layers; ++l) {
        // An int8 layer hands u8 straight to an int8 successor; the last layer writes fp32
        // for the readout.
        p->dstU8[l] = l + 1 < layers && int8(l) && int8(l + 1);
        p->dst[l] = buffer(std::size_t(T) * N * G * (p->dstU8[l] ? 1 : sizeof(float)));
    }
    if (layers > 1 && !int8(0) && int8(1)) p->requant = buffer(std::size_t(T) * N * G);

    std::size_t scratchBytes = 0;
    std::vector<dnnl::lstm_forward::primitive_desc> pds;
    for (int l = 0; l < layers; ++l) {
        const bool q = int8(l);
        const bool srcU8 = l == 0 ? u8In0 : (p->dstU8[l - 1] || p->requant);
        memory::desc src({T, N, width(l)}, srcU8 ? dt::u8 : dt::f32, tag::ntc);
        memory::desc wl({1, dirs, width(l), 4, h}, q ? dt::s8 : dt::f32, tag::any);
        memory::desc wi({1, dirs, h, 4, h}, q ? dt::s8 : dt::f32, tag::any);
        memory::desc bias({1, dirs, 4, h}, dt::f32, tag::ldgo);
        memory::desc dst({T, N, G}, p->dstU8[l] ? dt::u8 : dt::f32, tag::ntc);
        dnnl::lstm_forward::desc desc(dnnl::prop_kind::forward_inference, direction, src, memory::desc(),
                                      memory::desc(), wl, wi, bias, dst, memory::desc(), memory::desc());
        pds.emplace_back(desc, makeAttr(l, true), engine);
        scratchBytes = std::max(scratchBytes, pds.back().scratchpad_desc().get_size());
    }
    p->scratch = AlignedBuffer(scratchBytes);
    for (int l = 0; l < layers; ++l) {
        const auto& pd = pds[l];
        LayerPlan lp;
        lp.prim = dnnl::lstm_forward(pd);
        void* src = l == 0 ? p->layer0Src : (p->requant && l == 1 ? p->requant : p->dst[l - 1]);
        lp.args[DNNL_ARG_SRC_LAYER] = memory(pd.src_layer_desc(), engine, src);
        lp.args[DNNL_ARG_WEIGHTS_LAYER] = reordered(layerWeights[l], pd.weights_layer_desc(), userIh[l], l);
        lp.args[DNNL_ARG_WEIGHTS_ITER] = reordered(iterWeights[l], pd.weights_iter_desc(), userHh[l], l);
        lp.args[DNNL_ARG_BIAS] = memory(pd.bias_desc(), engine, biases[l].get());
        lp.args[DNNL_ARG_DST_LAYER] = memory(pd.dst_layer_desc(), engine, p->dst[l]);
        lp.args[DNNL_ARG_SCRATCHPAD] = memory(pd.scratchpad_desc(), engine, p->scratch.get());
        p->layers.push_back(std::move(lp));
    }
    return p;
}

// Layer 0 of an int8 stack: x' = (x - centre) / inputScale with centre the mid-range of
// each feature over this call, so the u8 steps resolve the variation inside the windows
// rather than the level they sit at; W centre goes into the bias instead.
void OnednnLstmStack::Impl::quantizeInput(const float* x, std::size_t rows, std::uint8_t* u8, float* bias) {
    const int in = width(0), h4 = 4 * w.hidden;
    if (!w.inputCentre.empty()) {
        // The bias was folded once for this centre (the constructor); bias stays as it is.
        for (std::size_t r = 0; r < rows; ++r)
            for (int f = 0; f < in; ++f)
                u8[r * in + f] = toU8((x[r * in + f] - w.inputCentre[f]) / w.inputScale[f] * w.dataScale + w.dataShift);
        return;
    }
    centre.assign(in, 0.0f);
    for (int f = 0; f < in; ++f) {
        float lo = std::numeric_limits<float>::infinity(), hi = -lo;
        for (std::size_t r = 0; r < rows; ++r) lo = std::min(lo, x[r * in + f]), hi = std::max(hi, x[r * in + f]);
        centre[f] = 0.5f * (lo + hi);
    }
    for (std::size_t r = 0; r < rows; ++r)
        for (int f = 0; f < in; ++f) {
            const float v = (x[r * in + f] - centre[f]) / w.inputScale[f] * w.dataScale + w.dataShift;
            u8[r * in + f] = toU8(v);
        }
    // bias = base + W' (centre / inputScale), over W' transposed so the loop runs along
    // the gates.
    std::copy(bias0Base.begin(), bias0Base.end(), bias);
    for (int d = 0; d < dirs; ++d) {
        float* b = bias + std::size_t(d) * h4;
        for (int f = 0; f < in; ++f) {
            const float shift = centre[f] / w.inputScale[f];
            addScaled(b, ih0T[d].data() + std::size_t(f) * h4, shift, h4);
        }
    }
}

void OnednnLstmStack::Impl::runPart(Plan& p, dnnl::stream& s, const float* x, const std::uint8_t* u8, int begin,
                                    int end, int time) {
    const std::size_t rowValues = std::size_t(time) * width(0);
    if (u8)
        std::copy(u8 + begin * rowValues, u8 + end * rowValues, static_cast<std::uint8_t*>(p.layer0Src));
    else
        std::copy(x + begin * rowValues, x + end * rowValues, static_cast<float*>(p.layer0Src));
    try {
        const int layers = static_cast<int>(p.layers.size());
        for (int l = 0; l < layers; ++l) {
            if (l == 1 && p.requant) {
                s.wait();
                const float* h0 = static_cast<const float*>(p.dst[0]);
                auto* q = static_cast<std::uint8_t*>(p.requant);
                const std::size_t n = std::size_t(end - begin) * time * dirs * w.hidden;
                for (std::size_t i = 0; i < n; ++i) q[i] = toU8(h0[i] * w.dataScale + w.dataShift);
            }
            p.layers[l].prim.execute(s, p.layers[l].args);
        }
        s.wait();
    } catch (const dnnl::error& e) {
        throw Error(std::string("oneDNN: LSTM execution failed: ") + e.what());
    }
}

}  // namespace studio
