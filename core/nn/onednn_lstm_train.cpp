#include "nn/onednn_lstm_train.h"

#include "base/error.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_map>

namespace studio {
namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// A reorder from one fixed layout into another, built once per plan; a no-op when the
// layouts agree (then the source memory is used as it is).
struct Conversion {
    bool needed = false;
    dnnl::reorder prim;
    memory target;  // the converted copy (forward/backward weights), allocated by oneDNN

    Conversion() = default;
    Conversion(const dnnl::engine& engine, const memory::desc& from, const memory::desc& to) {
        needed = from != to;
        if (!needed) return;
        prim = dnnl::reorder(dnnl::reorder::primitive_desc(engine, from, engine, to));
        target = memory(to, engine);
    }
    memory apply(dnnl::stream& stream, const memory& source) {
        if (!needed) return source;
        prim.execute(stream, {{DNNL_ARG_FROM, const_cast<memory&>(source)}, {DNNL_ARG_TO, target}});
        return target;
    }
};

void* data(const torch::Tensor& t) { return const_cast<void*>(t.data_ptr()); }

}  // namespace

struct OnednnLstmTrainer::Layer {
    int in = 0, hidden = 0, dirs = 1;
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};

    struct Plan {
        int batch = 0, time = 0;
        dnnl::lstm_forward::primitive_desc fwdPd;
        dnnl::lstm_backward::primitive_desc bwdPd;
        dnnl::lstm_forward fwd;
        dnnl::lstm_backward bwd;
        Conversion fwdLayer, fwdIter, bwdLayer, bwdIter;  // PyTorch's weights -> each primitive's
        memory diffLayer, diffIter;                       // diff weights in the backward's format
        dnnl::reorder diffLayerOut, diffIterOut;          // -> PyTorch's layout
        torch::Tensor scratch;
        memory fwdScratch, bwdScratch;
        std::vector<torch::Tensor> workspaces;  // free when only the pool holds them
    };
    std::vector<std::unique_ptr<Plan>> plans;

    memory::desc userLayer() const { return {{1, dirs, in, 4, hidden}, dt::f32, tag::ldgoi}; }
    memory::desc userIter() const { return {{1, dirs, hidden, 4, hidden}, dt::f32, tag::ldgoi}; }
    memory::desc biasDesc() const { return {{1, dirs, 4, hidden}, dt::f32, tag::ldgo}; }
    memory::desc activations(int batch, int time, int width) const {
        // ntc everywhere: oneDNN 2.6 computed wrong weight gradients with tnc dst_layer.
        return {{time, batch, width}, dt::f32, tag::ntc};
    }

    // Plans are kept most recently used last. Texts of many lengths make many (batch, time)
    // pairs: past kPlansKept the least recently used plan goes (a pending backward keeps
    // its workspace and rebuilds the same plan).
    static constexpr std::size_t kPlansKept = 48;
    Plan& plan(int batch, int time) {
        for (auto it = plans.begin(); it != plans.end(); ++it)
            if ((*it)->batch == batch && (*it)->time == time) {
                std::rotate(it, it + 1, plans.end());
                return *plans.back();
            }
        if (plans.size() >= kPlansKept) plans.erase(plans.begin());
        plans.push_back(build(batch, time));
        return *plans.back();
    }

    std::unique_ptr<Plan> build(int batch, int time) {
        auto p = std::make_unique<Plan>();
        p->batch = batch, p->time = time;
        const auto direction =
            dirs == 2 ? dnnl::rnn_direction::bidirectional_concat : dnnl::rnn_direction::unidirectional_left2right;
        const memory::desc src = activations(batch, time, in), dst = activations(batch, time, dirs * hidden);
        const memory::desc anyLayer({1, dirs, in, 4, hidden}, dt::f32, tag::any);
        const memory::desc anyIter({1, dirs, hidden, 4, hidden}, dt::f32, tag::any);
        const memory::desc zero;                // no initial or final state: zeros in, nothing out
        dnnl::primitive_attr fwdAttr, bwdAttr;  // two objects: an attr is a shared handle
        fwdAttr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
        bwdAttr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
        p->fwdPd = dnnl::lstm_forward::primitive_desc(
            dnnl::lstm_forward::desc(dnnl::prop_kind::forward_training, direction, src, zero, zero, anyLayer, anyIter,
                                     biasDesc(), dst, zero, zero),
            fwdAttr, engine);
        p->bwdPd = dnnl::lstm_backward::primitive_desc(
            dnnl::lstm_backward::desc(dnnl::prop_kind::backward, direction, src, zero, zero, anyLayer, anyIter,
                                      biasDesc(), dst, zero, zero, src, zero, zero, anyLayer, anyIter, biasDesc(), dst,
                                      zero, zero),
            bwdAttr, engine, p->fwdPd);
        p->fwd = dnnl::lstm_forward(p->fwdPd);
        p->bwd = dnnl::lstm_backward(p->bwdPd);
        p->fwdLayer = Conversion(engine, userLayer(), p->fwdPd.weights_layer_desc());
        p->fwdIter = Conversion(engine, userIter(), p->fwdPd.weights_iter_desc());
        p->bwdLayer = Conversion(engine, userLayer(), p->bwdPd.weights_layer_desc());
        p->bwdIter = Conversion(engine, userIter(), p->bwdPd.weights_iter_desc());
        p->diffLayer = memory(p->bwdPd.diff_weights_layer_desc(), engine);
        p->diffIter = memory(p->bwdPd.diff_weights_iter_desc(), engine);
        p->diffLayerOut =
            dnnl::reorder(dnnl::reorder::primitive_desc(engine, p->diffLayer.get_desc(), engine, userLayer()));
        p->diffIterOut =
            dnnl::reorder(dnnl::reorder::primitive_desc(engine, p->diffIter.get_desc(), engine, userIter()));
        const std::size_t scratch =
            std::max(p->fwdPd.scratchpad_desc().get_size(), p->bwdPd.scratchpad_desc().get_size());
        p->scratch = torch::empty({static_cast<std::int64_t>(std::max<std::size_t>(scratch, 64))}, torch::kUInt8);
        p->fwdScratch = memory(p->fwdPd.scratchpad_desc(), engine, data(p->scratch));
        p->bwdScratch = memory(p->bwdPd.scratchpad_desc(), engine, data(p->scratch));
        return p;
    }

    torch::Tensor workspace(Plan& p) {
        for (const auto& w : p.workspaces)
            if (w.use_count() == 1) return w;
        const auto bytes = static_cast<std::int64_t>(std::max<std::size_t>(p.fwdPd.workspace_desc().get_size(), 64));
        p.workspaces.push_back(torch::empty({bytes}, torch::kUInt8));
        return p.workspaces.back();
    }

    // What the forward and the backward both read: x, the weights converted into the
    // primitive's layouts, the bias, y and the forward's workspace.
    std::unordered_map<int, memory> sharedArgs(Plan& p, Conversion& toLayer, Conversion& toIter, const torch::Tensor& x,
                                               const torch::Tensor& out, const torch::Tensor& layer,
                                               const torch::Tensor& iter, const torch::Tensor& bias,
                                               const torch::Tensor& ws) {
        const int batch = static_cast<int>(x.size(0)), time = static_cast<int>(x.size(1));
        const memory userL(userLayer(), engine, data(layer)), userI(userIter(), engine, data(iter));
        return {{DNNL_ARG_SRC_LAYER, memory(activations(batch, time, in), engine, data(x))},
                {DNNL_ARG_WEIGHTS_LAYER, toLayer.apply(stream, userL)},
                {DNNL_ARG_WEIGHTS_ITER, toIter.apply(stream, userI)},
                {DNNL_ARG_BIAS, memory(biasDesc(), engine, data(bias))},
                {DNNL_ARG_DST_LAYER, memory(activations(batch, time, dirs * hidden), engine, data(out))},
                {DNNL_ARG_WORKSPACE, memory(p.fwdPd.workspace_desc(), engine, data(ws))}};
    }

    // x [N, T, in]; layer [D, 4H, in], iter [D, 4H, H], bias [D, 4H], contiguous.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& layer, const torch::Tensor& iter,
                          const torch::Tensor& bias, torch::Tensor& ws) {
        const int batch = static_cast<int>(x.size(0)), time = static_cast<int>(x.size(1));
        Plan& p = plan(batch, time);
        ws = workspace(p);
        torch::Tensor out = torch::empty({batch, time, dirs * hidden}, torch::kFloat32);
        std::unordered_map<int, memory> args = sharedArgs(p, p.fwdLayer, p.fwdIter, x, out, layer, iter, bias, ws);
        args.insert({DNNL_ARG_SCRATCHPAD, p.fwdScratch});
        p.fwd.execute(stream, args);
        stream.wait();
        return out;
    }

    struct Grads {
        torch::Tensor x, layer, iter, bias;
    };

    Grads backward(const torch::Tensor& x, const torch::Tensor& out, const torch::Tensor& gradOut,
                   const torch::Tensor& layer, const torch::Tensor& iter, const torch::Tensor& bias,
                   const torch::Tensor& ws) {
        const int batch = static_cast<int>(x.size(0)), time = static_cast<int>(x.size(1));
        Plan& p = plan(batch, time);
        Grads g;
        g.x = torch::empty({batch, time, in}, torch::kFloat32);
        g.layer = torch::empty({dirs, 4 * hidden, in}, torch::kFloat32);
        g.iter = torch::empty({dirs, 4 * hidden, hidden}, torch::kFloat32);
        // oneDNN adds into its diff-weight and diff-bias buffers.
        g.bias = torch::zeros({dirs, 4 * hidden}, torch::kFloat32);
        std::memset(p.diffLayer.get_data_handle(), 0, p.diffLayer.get_desc().get_size());
        std::memset(p.diffIter.get_data_handle(), 0, p.diffIter.get_desc().get_size());
        memory diffBias(biasDesc(), engine, data(g.bias));
        std::unordered_map<int, memory> args = sharedArgs(p, p.bwdLayer, p.bwdIter, x, out, layer, iter, bias, ws);
        args.insert({{DNNL_ARG_DIFF_DST_LAYER, memory(activations(batch, time, dirs * hidden), engine, data(gradOut))},
                     {DNNL_ARG_DIFF_SRC_LAYER, memory(activations(batch, time, in), engine, data(g.x))},
                     {DNNL_ARG_DIFF_WEIGHTS_LAYER, p.diffLayer},
                     {DNNL_ARG_DIFF_WEIGHTS_ITER, p.diffIter},
                     {DNNL_ARG_DIFF_BIAS, diffBias},
                     {DNNL_ARG_SCRATCHPAD, p.bwdScratch}});
        p.bwd.execute(stream, args);
        memory outL(userLayer(), engine, data(g.layer)), outI(userIter(), engine, data(g.iter));
        p.diffLayerOut.execute(stream, p.diffLayer, outL);
        p.diffIterOut.execute(stream, p.diffIter, outI);
        stream.wait();
        return g;
    }
};

namespace {

using Layer = OnednnLstmTrainer::Layer;

// Per direction, PyTorch's tensors stacked into oneDNN's [D, ...] blocks.
struct Packed {
    torch::Tensor layer, iter, bias;
};

Packed pack(torch::TensorList w, int dirs) {
    Packed p;
    if (dirs == 1) {
        p.layer = w[0].contiguous().unsqueeze(0);
        p.iter = w[1].contiguous().unsqueeze(0);
        p.bias = (w[2] + w[3]).unsqueeze(0);
    } else {
        p.layer = torch::stack({w[0], w[4]});
        p.iter = torch::stack({w[1], w[5]});
        p.bias = torch::stack({w[2] + w[3], w[6] + w[7]});
    }
    return p;
}

// One layer as an autograd node. Inputs: the layer (not a tensor), x, and the layer's
// parameters per direction (weight_ih, weight_hh, bias_ih, bias_hh).
struct LayerFunction : public torch::autograd::Function<LayerFunction> {
    static torch::Tensor forward(AutogradContext* ctx, Layer* layer, const torch::Tensor& x, torch::TensorList w) {
        const torch::Tensor input = x.contiguous();
        const Packed packed = pack(w, layer->dirs);
        torch::Tensor ws;
        torch::Tensor out = layer->forward(input, packed.layer, packed.iter, packed.bias, ws);
        ctx->save_for_backward({input, out});
        ctx->saved_data["layer"] = reinterpret_cast<std::int64_t>(layer);
        ctx->saved_data["weights_layer"] = packed.layer;
        ctx->saved_data["weights_iter"] = packed.iter;
        ctx->saved_data["bias"] = packed.bias;
        ctx->saved_data["workspace"] = ws;
        return out;
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
        auto* layer = reinterpret_cast<Layer*>(ctx->saved_data["layer"].toInt());
        const auto saved = ctx->get_saved_variables();
        const Layer::Grads g =
            layer->backward(saved[0], saved[1], gradOutputs[0].contiguous(),
                            ctx->saved_data["weights_layer"].toTensor(), ctx->saved_data["weights_iter"].toTensor(),
                            ctx->saved_data["bias"].toTensor(), ctx->saved_data["workspace"].toTensor());
        // The workspace goes back to the pool; a second backward through this node has none.
        ctx->saved_data.erase("workspace");
        variable_list result{torch::Tensor(), g.x};
        for (int d = 0; d < layer->dirs; ++d) {
            result.push_back(g.layer[d]);
            result.push_back(g.iter[d]);
            // diff_bias is the gradient of b_ih + b_hh, so of each of them.
            result.push_back(g.bias[d]);
            result.push_back(g.bias[d].clone());
        }
        return result;
    }
};

}  // namespace

OnednnLstmTrainer::OnednnLstmTrainer(int inputSize, int hidden, int layers, bool bidirectional, bool residual)
    : bidirectional_(bidirectional), residual_(residual) {
    if (inputSize < 1 || hidden < 1 || layers < 1) throw Error("oneDNN LSTM: bad shape");
    for (int l = 0; l < layers; ++l) {
        auto layer = std::make_unique<Layer>();
        layer->in = l == 0 ? inputSize : (bidirectional ? 2 : 1) * hidden;
        layer->hidden = hidden;
        layer->dirs = bidirectional ? 2 : 1;
        layers_.push_back(std::move(layer));
    }
}

OnednnLstmTrainer::~OnednnLstmTrainer() = default;

torch::Tensor OnednnLstmTrainer::forward(const torch::Tensor& x, const std::vector<torch::Tensor>& weights,
                                         double dropout, bool training) {
    const std::size_t perLayer = bidirectional_ ? 8 : 4;
    if (weights.size() != perLayer * layers_.size()) throw Error("oneDNN LSTM: unexpected number of weights");
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat32 || x.dim() != 3 || x.size(2) != layers_.front()->in)
        throw Error("oneDNN LSTM: expected a float32 CPU input [batch, time, " + std::to_string(layers_.front()->in) +
                    "]");
    torch::Tensor h = x;
    for (std::size_t l = 0; l < layers_.size(); ++l) {
        const torch::Tensor in = l > 0 && training && dropout > 0.0 ? torch::dropout(h, dropout, /*train=*/true) : h;
        const torch::TensorList w(weights.data() + l * perLayer, perLayer);
        const torch::Tensor out = LayerFunction::apply(layers_[l].get(), in, w);
        h = residual_ && l > 0 ? out + h : out;
    }
    return h;
}

}  // namespace studio
