#include "runtime/inference_network.h"

#include "runtime/quantized_model.h"
#include "base/error.h"
#include "nn/model.h"

#include <map>

namespace studio {

OnednnLstmWeights fp32LstmWeights(const std::vector<NamedTensor>& params, int inputSize, int hidden, int layers,
                                  bool bidirectional) {
    std::map<std::string, const NamedTensor*> named;
    for (const auto& p : params) named[p.name] = &p;
    auto get = [&](const std::string& name) -> const std::vector<float>& {
        const auto it = named.find(name);
        if (it == named.end()) throw Error("oneDNN engine: the model has no parameter '" + name + "'");
        return it->second->values;
    };
    const int dirs = bidirectional ? 2 : 1;
    OnednnLstmWeights w;
    w.hidden = hidden;
    w.bidirectional = bidirectional;
    for (int l = 0; l < layers; ++l) {
        OnednnLstmLayerWeights layer;
        layer.inputWidth = l == 0 ? inputSize : dirs * hidden;
        for (int d = 0; d < dirs; ++d) {
            const std::string suffix = "_l" + std::to_string(l) + (d ? "_reverse" : "");
            layer.weightIh.push_back(get("lstm.weight_ih" + suffix));
            layer.weightHh.push_back(get("lstm.weight_hh" + suffix));
            const auto& bih = get("lstm.bias_ih" + suffix);
            const auto& bhh = get("lstm.bias_hh" + suffix);
            std::vector<float> bias(bih.size());
            for (std::size_t i = 0; i < bias.size(); ++i) bias[i] = bih[i] + bhh[i];
            layer.bias.push_back(std::move(bias));
        }
        w.layers.push_back(std::move(layer));
    }
    return w;
}

OnednnLstmWeights int8LstmWeights(const std::vector<QuantizedLstmLayer>& layers, int hidden, bool bidirectional,
                                  float dataScale, float dataShift, const std::vector<float>& inputScale) {
    OnednnLstmWeights w;
    w.hidden = hidden;
    w.bidirectional = bidirectional;
    w.dataScale = dataScale;
    w.dataShift = dataShift;
    w.inputScale = inputScale;
    for (const QuantizedLstmLayer& ql : layers) {
        OnednnLstmLayerWeights layer;
        layer.int8 = ql.int8;
        layer.inputWidth = ql.inputWidth;
        layer.scales = ql.scales;
        layer.inputScale = ql.inputScale;
        for (int d = 0; d < static_cast<int>(ql.directions.size()); ++d) {
            layer.weightIh.push_back(dequantizedIh(ql, d));
            layer.weightHh.push_back(dequantizedHh(ql, d, hidden));
            layer.bias.push_back(ql.directions[d].bias);
        }
        w.layers.push_back(std::move(layer));
    }
    return w;
}

InferenceNetwork networkOf(const Model& model) {
    const ModelSpec& spec = model.spec();
    const std::vector<NamedTensor> params = model.parameters();
    InferenceNetwork n;
    n.lstm = fp32LstmWeights(params, model.inputSize(), spec.hidden, spec.layers, spec.bidirectional);
    n.lstm.residual = spec.residual;
    n.readout = Readout::LastStep;
    n.head = InferenceHead(spec.head, params);
    return n;
}

InferenceNetwork networkOf(const QuantizedModel& q) {
    q.validate();
    InferenceNetwork n;
    n.lstm = int8LstmWeights(q.layers, q.spec.hidden, q.spec.bidirectional, q.dataScale, q.dataShift, q.inputScale);
    n.lstm.residual = q.spec.residual;
    n.readout = Readout::LastStep;
    n.head = InferenceHead(q.head);
    n.int8 = true;
    return n;
}

}  // namespace studio
