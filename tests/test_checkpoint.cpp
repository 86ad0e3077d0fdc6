// The trainer's checkpoint file: what is written is read back whole, and a file that does
// not fit the network (another shape, a damaged history, missing parts, a truncated or
// foreign file) is a DataError that names the part, never a crash or a half-read state.

#include "base/error.h"
#include "training/checkpoint.h"

#include <torch/torch.h>

#include <functional>
#include <map>
#include <random>
#include <sstream>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace studio;

namespace {

struct Net : torch::nn::Module {
    explicit Net(int hidden = 8) {
        lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(2, hidden).batch_first(true)));
        head = register_module("head", torch::nn::Linear(hidden, 1));
    }
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Linear head{nullptr};
};

CheckpointState stateOf(Net& net, int epochs) {
    CheckpointState s;
    s.epoch = epochs;
    s.bestEpoch = epochs;
    s.bestValLoss = 0.5;
    s.bestScore = -0.5;
    s.epochsWithoutImprovement = 0;
    for (const auto& p : net.parameters()) s.best.push_back(p.detach().clone() + 1.0);
    s.shuffle.seed(7);
    s.shuffle.discard(3);
    s.torchRng = at::detail::getDefaultCPUGenerator().get_state();
    for (int e = 1; e <= epochs; ++e) {
        EpochStats stats;
        stats.epoch = e;
        stats.trainLoss = 1.0 / e;
        stats.valMetric = 10.0 * e;
        stats.improved = e % 2 == 1;
        s.history.push_back(stats);
    }
    return s;
}

// An archive like writeCheckpoint's, where each key `replace` names is written by its
// function instead (a function that writes nothing leaves the key out).
using Replacements = std::map<std::string, std::function<void(torch::serialize::OutputArchive&)>>;

void writeCrafted(const QString& path, const Replacements& replace) {
    Net net;
    torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(1e-3));
    torch::serialize::OutputArchive archive;
    auto put = [&](const std::string& key, const std::function<void()>& write) {
        const auto it = replace.find(key);
        if (it == replace.end())
            write();
        else
            it->second(archive);
    };
    put("current", [&] {
        torch::serialize::OutputArchive current;
        net.save(current);
        archive.write("current", current);
    });
    put("best", [&] {
        torch::serialize::OutputArchive best;
        int i = 0;
        for (const auto& p : net.parameters()) best.write(std::to_string(i++), p.detach());
        archive.write("best", best);
    });
    put("optimizer", [&] {
        torch::serialize::OutputArchive optim;
        adam.save(optim);
        archive.write("optimizer", optim);
    });
    for (const char* key : {"epoch", "best_epoch", "epochs_without_improvement"})
        put(key, [&] { archive.write(key, torch::tensor(std::int64_t(1))); });
    put("best_val_loss", [&] { archive.write("best_val_loss", torch::tensor(0.5, torch::kFloat64)); });
    put("best_score", [&] { archive.write("best_score", torch::tensor(-0.5, torch::kFloat64)); });
    put("shuffle_rng", [&] {
        std::ostringstream rng;
        rng << std::mt19937_64(1);
        const std::string text = rng.str();
        archive.write("shuffle_rng", torch::from_blob(const_cast<char*>(text.data()), {std::int64_t(text.size())},
                                                      torch::kUInt8)
                                         .clone());
    });
    put("torch_rng", [&] { archive.write("torch_rng", at::detail::getDefaultCPUGenerator().get_state()); });
    put("history", [&] { archive.write("history", torch::zeros({1, 11}, torch::kFloat64)); });
    archive.save_to(path.toStdString());
}

QString readError(const QString& path) {
    Net net;
    torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(1e-3));
    try {
        readCheckpoint(path.toStdString(), net, adam);
    } catch (const DataError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void refused_data();
    void refused();
    void damagedBytes();
};

void TestCheckpoint::roundTrip() {
    QTemporaryDir tmp;
    const QString path = tmp.filePath("checkpoint.pt");
    torch::manual_seed(3);
    Net net;
    torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(1e-3));
    const CheckpointState written = stateOf(net, 3);
    writeCheckpoint(path.toStdString(), net, adam, written);

    torch::manual_seed(4);  // other weights, to be replaced by the file's
    Net other;
    torch::optim::Adam otherAdam(other.parameters(), torch::optim::AdamOptions(1e-3));
    const CheckpointState read = readCheckpoint(path.toStdString(), other, otherAdam);
    QCOMPARE(read.epoch, 3);
    QCOMPARE(read.bestEpoch, 3);
    QCOMPARE(read.bestValLoss, 0.5);
    QCOMPARE(read.bestScore, -0.5);
    QCOMPARE(int(read.history.size()), 3);
    QCOMPARE(read.history[2].epoch, 3);
    QCOMPARE(read.history[1].valMetric, 20.0);
    QCOMPARE(read.history[1].improved, false);
    QVERIFY(read.shuffle == written.shuffle);
    QVERIFY(torch::equal(read.torchRng, written.torchRng));
    QCOMPARE(read.best.size(), written.best.size());
    for (std::size_t i = 0; i < read.best.size(); ++i) QVERIFY(torch::equal(read.best[i], written.best[i]));
    const auto a = net.parameters(), b = other.parameters();
    for (std::size_t i = 0; i < a.size(); ++i) QVERIFY(torch::equal(a[i], b[i]));
}

void TestCheckpoint::refused_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("history of 3 columns") << 0 << "holds a history of shape [1, 3], expected [epochs, 11]";
    QTest::newRow("history of one dimension") << 1 << "holds a history of shape [11]";
    QTest::newRow("no history") << 2 << "has no 'history'";
    QTest::newRow("best tensors of another network") << 3 << "holds 1 best tensors for a network of 6";
    QTest::newRow("epoch that is no count") << 4 << "'epoch' holds -3";
    QTest::newRow("rng that is no byte string") << 5 << "'shuffle_rng' is no byte string";
    QTest::newRow("weights of a wider network") << 6 << "'current.lstm.weight_ih_l0' has shape [64, 2]";
}

void TestCheckpoint::refused() {
    QFETCH(int, kind);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const QString path = tmp.filePath("checkpoint.pt");
    using Archive = torch::serialize::OutputArchive;
    const Replacements cases[] = {
        {{"history", [](Archive& a) { a.write("history", torch::zeros({1, 3}, torch::kFloat64)); }}},
        {{"history", [](Archive& a) { a.write("history", torch::zeros({11}, torch::kFloat64)); }}},
        {{"history", [](Archive&) {}}},
        {{"best",
          [](Archive& a) {
              Archive best;
              best.write("0", torch::zeros({5, 5}));
              a.write("best", best);
          }}},
        {{"epoch", [](Archive& a) { a.write("epoch", torch::tensor(std::int64_t(-3))); }}},
        {{"shuffle_rng", [](Archive& a) { a.write("shuffle_rng", torch::zeros({4}, torch::kFloat32)); }}},
        {{"current",
          [](Archive& a) {
              Net wide(16);
              Archive current;
              wide.save(current);
              a.write("current", current);
          }}},
    };
    writeCrafted(path, cases[kind]);
    const QString error = readError(path);
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY2(error.contains(path), qPrintable(error));
}

// Truncated and scrambled files: a DataError each, whatever the damage.
void TestCheckpoint::damagedBytes() {
    QTemporaryDir tmp;
    const QString path = tmp.filePath("checkpoint.pt");
    Net net;
    torch::optim::Adam adam(net.parameters(), torch::optim::AdamOptions(1e-3));
    writeCheckpoint(path.toStdString(), net, adam, stateOf(net, 2));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray whole = f.readAll();
    f.close();
    std::mt19937 rng(5);
    int refused = 0;
    for (int i = 0; i < 60; ++i) {
        QByteArray bytes = whole;
        if (i % 3 == 0) {
            bytes.truncate(static_cast<int>(rng() % whole.size()));
        } else {
            for (int k = 0; k < 1 + i % 7; ++k) bytes[static_cast<int>(rng() % bytes.size())] = char(rng());
        }
        const QString damaged = tmp.filePath(QStringLiteral("damaged%1.pt").arg(i));
        QFile out(damaged);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size());
        out.close();
        Net fresh;
        torch::optim::Adam freshAdam(fresh.parameters(), torch::optim::AdamOptions(1e-3));
        try {
            readCheckpoint(damaged.toStdString(), fresh, freshAdam);
        } catch (const DataError& e) {
            QVERIFY2(QString(e.what()).startsWith("cannot read checkpoint ") || QString(e.what()).contains(damaged),
                     e.what());
            ++refused;
        }
    }
    qInfo("%d of 60 damaged checkpoints refused, the rest read (a flipped byte in unused space)", refused);
    QVERIFY(refused >= 20);
}

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
