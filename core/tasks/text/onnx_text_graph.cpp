#include "tasks/text/onnx_text_graph.h"

#include "data/vocabulary.h"
#include "runtime/onnx_lstm_graph.h"
#include "base/error.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace studio {
namespace {

using nlohmann::json;

void checkProject(const TextProjectFile& project, const TextModel& model, TaskKind task) {
    const TextModelSpec& spec = model.spec();
    if (project.task != task || spec.head != textHeadOf(task))
        throw DataError("ONNX export: the project and the model disagree on the task");
    if (static_cast<int>(project.vocab.size()) != spec.vocabSize)
        throw DataError("ONNX export: the project's vocabulary holds " + std::to_string(project.vocab.size()) +
                        " tokens, the model " + std::to_string(spec.vocabSize));
    if (task == TaskKind::Classify && static_cast<int>(project.classes.size()) != spec.classes)
        throw DataError("ONNX export: the project lists " + std::to_string(project.classes.size()) +
                        " labels, the model " + std::to_string(spec.classes) + " classes");
}

// Embedding lookup, then time-major for ONNX Runtime's LSTM (which rejects layout=1):
// tokens [batch, seq] -> [seq, batch, embedding].
std::string addEmbedding(OnnxGraphBuilder& g, const TextModelSpec& spec, const std::vector<NamedTensor>& params,
                         const std::string& tokens) {
    const std::int64_t v = spec.vocabSize, e = spec.embeddingDim;
    const std::string table =
        g.addFloats("embedding.weight", {v, e}, onnxParameter(params, "embedding.weight", {v, e}).values);
    const std::string embedded = g.addNode("Gather", {table, tokens}, "embedded", {{"axis", 0}});
    return g.addNode("Transpose", {embedded}, "embedded_tm", {{"perm", std::vector<std::int64_t>{1, 0, 2}}});
}

// mask [batch, seq] (bool): step < length.
std::string addLengthMask(OnnxGraphBuilder& g, const std::string& tokens, const std::string& lengths) {
    const std::string shape = g.addNode("Shape", {tokens}, "tokens_shape");
    const std::string seq = g.addNode("Gather", {shape, g.addInt64s("seq_axis", {}, {1})}, "seq_len", {{"axis", 0}});
    const std::string steps =
        g.addNode("Range", {g.addInt64s("range_start", {}, {0}), seq, g.addInt64s("range_step", {}, {1})}, "steps");
    const std::string row = g.addNode("Unsqueeze", {steps, g.addInt64s("steps_axes", {1}, {0})}, "steps_row");
    const std::string column =
        g.addNode("Unsqueeze", {lengths, g.addInt64s("lengths_axes", {1}, {1})}, "lengths_column");
    return g.addNode("Less", {row, column}, "mask");
}

// Additive attention over the last layer's outputs out [batch, seq, width], as the app's
// classifier: weights = softmax over the text's own steps of v^T tanh(W out + b).
// Returns the pooled features [batch, width].
std::string addAttentionPooling(OnnxGraphBuilder& g, const std::vector<NamedTensor>& params, std::int64_t width,
                                const std::string& out, const std::string& mask) {
    const std::string mask3 = g.addNode("Unsqueeze", {mask, g.addInt64s("mask_axes", {1}, {2})}, "mask3");
    // The app pads the outputs with zeros; ONNX leaves the padded steps' Y to the runtime.
    const std::string zero = g.addFloats("zero", {}, {0.0f});
    const std::string outputs = g.addNode("Where", {mask3, out, zero}, "attn.outputs");
    const std::string proj = addOnnxLinearNd(g, params, "attn_proj", width, width, outputs, "attn.proj");
    const std::string act = g.addNode("Tanh", {proj}, "attn.tanh");
    const std::string score3 =
        addOnnxLinearNd(g, params, "attn_score", width, 1, act, "attn.score3", /*hasBias=*/false);
    const std::string score = g.addNode("Squeeze", {score3, g.addInt64s("score_axes", {1}, {2})}, "attn.score");
    const std::string minusInf = g.addFloats("minus_inf", {}, {-std::numeric_limits<float>::infinity()});
    const std::string masked = g.addNode("Where", {mask, score, minusInf}, "attn.masked");
    const std::string weights = g.addNode("Softmax", {masked}, "attention", {{"axis", 1}});
    const std::string weights3 = g.addNode("Unsqueeze", {weights, g.addInt64s("weights_axes", {1}, {2})}, "attention3");
    const std::string weighted = g.addNode("Mul", {weights3, outputs}, "attn.weighted");
    return g.addNode("ReduceSum", {weighted, g.addInt64s("sum_axes", {1}, {1})}, "pooled", {{"keepdims", 0}});
}

std::string vocabularyDescription() {
    return "ids index the metadata's vocabulary (JSON array); id " + std::to_string(Vocabulary::kPad) +
           " is <pad>, id " + std::to_string(Vocabulary::kUnk) + " is <unk> (tokens not in it)";
}

}  // namespace

void buildOnnxClassifierGraph(OnnxGraphBuilder& g, const TextProjectFile& project, const TextModel& model) {
    checkProject(project, model, TaskKind::Classify);
    const TextModelSpec& spec = model.spec();
    const std::int64_t classes = spec.classes, width = spec.featureWidth();
    const std::vector<NamedTensor> params = model.parameters();

    const std::string tokens = g.addInput(
        "tokens", {-1, -1}, {"batch", "seq"},
        "token ids, one text per row, padded after its end; " + vocabularyDescription(), onnx::TensorProto::INT64);
    const std::string lengths =
        g.addInput("lengths", {-1}, {"batch"}, "each text's length in tokens, 1..seq", onnx::TensorProto::INT64);
    g.addOutput("logits", {-1, classes}, {"batch"}, "class scores before the softmax, in the order of the labels");
    g.addOutput("probabilities", {-1, classes}, {"batch"}, "class probabilities, in the order of the labels");

    std::string x = addEmbedding(g, spec, params, tokens);
    const std::string seqLens = g.addNode("Cast", {lengths}, "sequence_lens", {{"to", onnx::TensorProto::INT32}});
    int inputWidth = spec.embeddingDim;
    std::string features;
    for (int k = 0; k < spec.layers; ++k) {
        const std::string prefix = "lstm.l" + std::to_string(k);
        const bool last = k + 1 == spec.layers;
        OnnxLstmLayerIo io;
        io.x = x;
        io.sequenceLens = seqLens;
        // Last pooling reads the final states only; everything else the whole sequence.
        if (last && spec.pooling == Pooling::Last)
            io.yh = prefix + ".Y_h";
        else
            io.y = prefix + ".Y";
        const std::vector<std::string> outs =
            addOnnxLstmLayer(g, params, k, inputWidth, spec.hidden, spec.bidirectional, io);
        if (last && spec.pooling == Pooling::Last) {
            features = addOnnxFinalStates(g, outs[1], spec.hidden, spec.bidirectional, "pooled");
            break;
        }
        x = addOnnxLstmSequence(g, outs[0], spec.hidden, spec.bidirectional, prefix + ".out");
        inputWidth = static_cast<int>(width);
    }
    if (spec.pooling == Pooling::Attention) {
        const std::string batchMajor =
            g.addNode("Transpose", {x}, "lstm.out_bm", {{"perm", std::vector<std::int64_t>{1, 0, 2}}});
        features = addAttentionPooling(g, params, width, batchMajor, addLengthMask(g, tokens, lengths));
    }
    // Dropout is the identity at inference.
    const std::string logits = addOnnxLinear(g, params, "head", width, classes, features, "logits");
    g.addNode("Softmax", {logits}, "probabilities", {{"axis", 1}});
}

void buildOnnxCharLmGraph(OnnxGraphBuilder& g, const TextProjectFile& project, const TextModel& model) {
    checkProject(project, model, TaskKind::CharLm);
    const TextModelSpec& spec = model.spec();
    if (spec.bidirectional) throw DataError("ONNX export: a character language model reads left to right only");
    const std::int64_t layers = spec.layers, hidden = spec.hidden, vocab = spec.vocabSize;
    const std::vector<NamedTensor> params = model.parameters();

    const std::string tokens = g.addInput("tokens", {-1, -1}, {"batch", "seq"},
                                          "character ids; " + vocabularyDescription(), onnx::TensorProto::INT64);
    // Plain inputs rather than initializer-backed defaults: ONNX Runtime lists an input
    // with a default among its initializers, and bindings that feed only the listed inputs
    // (onnxruntime-node) would drop the states silently.
    const std::string h = g.addInput("h0", {layers, -1, hidden}, {"", "batch"},
                                     "hidden states to start from: zeros for a new text, else the previous run's hn");
    const std::string c = g.addInput("c0", {layers, -1, hidden}, {"", "batch"},
                                     "cell states to start from: zeros for a new text, else the previous run's cn");
    g.addOutput("logits", {-1, -1, vocab}, {"batch", "seq"},
                "scores of the next character after each step (softmax of logits / temperature to sample)");
    g.addOutput("hn", {layers, -1, hidden}, {"", "batch"}, "hidden states after the last step");
    g.addOutput("cn", {layers, -1, hidden}, {"", "batch"}, "cell states after the last step");

    std::string x = addEmbedding(g, spec, params, tokens);
    std::vector<std::string> hs, cs;
    for (int k = 0; k < layers; ++k) {
        const std::string prefix = "lstm.l" + std::to_string(k);
        OnnxLstmLayerIo io;
        io.x = x;
        if (layers == 1) {
            io.initialH = h, io.initialC = c;
        } else {
            const std::string starts = g.addInt64s(prefix + ".starts", {1}, {k});
            const std::string ends = g.addInt64s(prefix + ".ends", {1}, {k + 1});
            const std::string axes = g.addInt64s(prefix + ".axes", {1}, {0});
            io.initialH = g.addNode("Slice", {h, starts, ends, axes}, prefix + ".h0");
            io.initialC = g.addNode("Slice", {c, starts, ends, axes}, prefix + ".c0");
        }
        io.y = prefix + ".Y";
        io.yh = layers == 1 ? "hn" : prefix + ".Y_h";
        io.yc = layers == 1 ? "cn" : prefix + ".Y_c";
        const std::vector<std::string> outs =
            addOnnxLstmLayer(g, params, k, k == 0 ? spec.embeddingDim : spec.hidden, spec.hidden, false, io);
        hs.push_back(outs[1]), cs.push_back(outs[2]);
        x = addOnnxLstmSequence(g, outs[0], spec.hidden, false, prefix + ".out");
    }
    if (layers > 1) {
        g.addNode("Concat", hs, "hn", {{"axis", 0}});
        g.addNode("Concat", cs, "cn", {{"axis", 0}});
    }
    // [seq, batch, hidden] -> [batch, seq, hidden], then the head at every step.
    const std::string batchMajor =
        g.addNode("Transpose", {x}, "lstm.out_bm", {{"perm", std::vector<std::int64_t>{1, 0, 2}}});
    addOnnxLinearNd(g, params, "head", hidden, vocab, batchMajor, "logits");
}

std::vector<std::pair<std::string, std::string>> onnxTextMetadata(const TextProjectFile& project,
                                                                  const TextModel& model,
                                                                  const std::string& testMetricsJson) {
    const TextModelSpec& spec = model.spec();
    const bool classify = project.task == TaskKind::Classify;
    json tokenizer = {{"kind", toString(project.text.tokenizer.kind)},
                      {"lowercase", project.text.tokenizer.lowercase},
                      {"pad_id", Vocabulary::kPad},
                      {"unk_id", Vocabulary::kUnk}};
    if (project.text.tokenizer.kind == TokenizerKind::Word)
        tokenizer["rule"] = std::string(
                                "words are runs of letters and digits (an apostrophe between two letters stays "
                                "inside); every other visible character is a token of its own; whitespace separates "
                                "and is dropped") +
                            (project.text.tokenizer.splitUnspaced
                                 ? "; each Chinese ideograph (U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, "
                                   "U+20000-323AF) and Japanese kana (U+3040-30FF) is a token of its own"
                                 : "");
    else
        tokenizer["rule"] = "every Unicode code point is a token, whitespace and line breaks included";
    if (project.text.tokenizer.lowercase)
        tokenizer["lowercase_scripts"] = "ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic";
    if (classify) tokenizer["max_length"] = project.text.maxLength;  // 0: the whole text
    json modelJson = {{"cell", spec.bidirectional ? "BiLSTM" : "LSTM"},
                      {"embedding_dim", spec.embeddingDim},
                      {"hidden", spec.hidden},
                      {"layers", spec.layers},
                      {"bidirectional", spec.bidirectional},
                      {"parameters", model.parameterCount()}};
    if (classify) modelJson["pooling"] = toString(spec.pooling);
    std::vector<std::pair<std::string, std::string>> meta = {
        {"task", toString(project.task)},
        {"vocabulary", json(project.vocab).dump()},
    };
    if (classify) meta.emplace_back("labels", json(project.classes).dump());
    meta.emplace_back("tokenizer", tokenizer.dump());
    meta.emplace_back("model", modelJson.dump());
    meta.emplace_back("inputs", classify ? "tokens [batch, seq] int64 ids padded after each text; lengths [batch] "
                                           "int64, 1..seq"
                                         : "tokens [batch, seq] int64 ids; h0, c0 [layers, batch, hidden] float32: "
                                           "zeros for a new text, else the previous run's hn, cn");
    if (!classify) meta.emplace_back("chunk", std::to_string(project.text.chunk));
    meta.emplace_back("data_sha256", project.dataSha256);
    if (!testMetricsJson.empty()) meta.emplace_back("test_metrics", testMetricsJson);
    return meta;
}

}  // namespace studio
