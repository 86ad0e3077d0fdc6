#pragma once

// For the ONNX export tests: runs an exported model in ONNX Runtime (onnxruntime-node,
// tests/oracle/onnx_run.js; STUDIO_NODE, STUDIO_NODE_MODULES and STUDIO_ORACLE_DIR come from
// tests/onnx_tests.cmake) and compares what it gives with the app's own values.

#include <onnx/onnx_pb.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <vector>

namespace studio::test {

template <typename T>
QJsonArray toJsonArray(const std::vector<T>& v) {
    QJsonArray a;
    for (const T& x : v) a.append(double(x));
    return a;
}

// One graph input of a feed: float32 values, or int64 ones.
inline QJsonObject tensor(const std::vector<std::int64_t>& dims, const std::vector<float>& data) {
    return QJsonObject{{"dims", toJsonArray(dims)}, {"data", toJsonArray(data)}};
}
inline QJsonObject int64Tensor(const std::vector<std::int64_t>& dims, const std::vector<std::int64_t>& data) {
    return QJsonObject{{"dims", toJsonArray(dims)}, {"data", toJsonArray(data)}, {"type", "int64"}};
}

struct OrtReport {
    bool ok = false;
    QString error;
    QJsonObject json;  // inputs, outputs, results (see onnx_run.js)

    // Output `name` of feed number `feed`, row-major.
    std::vector<double> output(int feed, const char* name) const {
        std::vector<double> out;
        for (const auto& v : json["results"].toArray()[feed].toObject()[name].toObject()["data"].toArray())
            out.push_back(v.toDouble());
        return out;
    }
    QJsonArray dims(int feed, const char* name) const {
        return json["results"].toArray()[feed].toObject()[name].toObject()["dims"].toArray();
    }
};

// Runs the model in ONNX Runtime on each feed.
inline OrtReport runOrt(const QString& model, const QJsonArray& feeds) {
    OrtReport r;
    const QString feedPath = model + ".feeds.json";
    QFile f(feedPath);
    if (!f.open(QIODevice::WriteOnly)) {
        r.error = "cannot write " + feedPath;
        return r;
    }
    f.write(QJsonDocument(feeds).toJson(QJsonDocument::Compact));
    f.close();
    QProcess node;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains("NODE_PATH")) env.insert("NODE_PATH", STUDIO_NODE_MODULES);
    node.setProcessEnvironment(env);
    node.start(STUDIO_NODE, {STUDIO_ORACLE_DIR "/onnx_run.js", model, feedPath});
    if (!node.waitForFinished(120000) || node.exitStatus() != QProcess::NormalExit || node.exitCode() != 0) {
        r.error = "ONNX Runtime (node " STUDIO_ORACLE_DIR
                  "/onnx_run.js) failed; scripts/setup.sh installs "
                  "onnxruntime-node: " +
                  QString::fromUtf8(node.readAllStandardError()) + node.errorString();
        return r;
    }
    r.json = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    r.ok = r.json.contains("results");
    if (!r.ok) r.error = "onnx_run.js printed no results";
    return r;
}

// Largest |ort - ref| over the larger of 1e-6 and max |ref|; infinite when the sizes differ.
template <typename T>
double relativeMaxDiff(const std::vector<double>& ort, const std::vector<T>& ref) {
    if (ort.size() != ref.size() || ref.empty()) return INFINITY;
    double diff = 0, scale = 1e-6;
    for (std::size_t i = 0; i < ref.size(); ++i) {
        diff = std::max(diff, std::abs(ort[i] - double(ref[i])));
        scale = std::max(scale, std::abs(double(ref[i])));
    }
    return diff / scale;
}

inline bool readModel(const QString& path, onnx::ModelProto& model) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return in && model.ParseFromIstream(&in);
}

inline QString metadata(const onnx::ModelProto& m, const char* key) {
    for (const auto& p : m.metadata_props())
        if (p.key() == key) return QString::fromStdString(p.value());
    return {};
}

}  // namespace studio::test
