#include "shell/sweep_dialog.h"

#include "widgets/parallel_coordinates.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#endif

namespace studio {
namespace {

const QString kCommonNames =
    QStringLiteral("hidden layers lr window dropout batch-size scaler bidirectional epochs patience");

template <typename Widget>
Widget* named(Widget* widget, const QString& name) {
    widget->setObjectName(name);
    return widget;
}

double lossOf(const QJsonObject& run) {
    const QJsonValue v = run.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("val_loss"));
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

SweepDialog::SweepDialog(const QString& projectDir, const QString& cliPath, QWidget* parent)
    : QDialog(parent), dir_(projectDir), cli_(cliPath) {
    setWindowTitle(tr("Sweep"));
    process_ = new QProcess(this);
    connect(process_, &QProcess::readyReadStandardError, this, &SweepDialog::readErrors);
    connect(process_, &QProcess::finished, this, &SweepDialog::onFinished);
    connect(process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart) return;  // the others end in finished()
        run_.error = tr("cannot run %1: %2").arg(cli_, process_->errorString());
        say(tr("The sweep failed: %1").arg(run_.error), /*error=*/true);
        setRunning(false);
        Q_EMIT sweepFinished(false);
    });
    buildForm();
    setRunning(false);
    resize(860, 800);
}

SweepDialog::~SweepDialog() {
    if (!isRunning()) return;
    // Give the CLI its chance to stop its trials (they are processes of their own).
    disconnect(process_, nullptr, this, nullptr);
    stop();
    if (!process_->waitForFinished(15000)) {
        process_->kill();
        process_->waitForFinished(3000);
    }
}

void SweepDialog::buildForm() {
    form_ = new QWidget(this);  // disabled as a whole while a sweep runs
    auto* settings = new QGroupBox(tr("Settings to sweep"), form_);
    auto* grid = new QGridLayout(settings);
    for (int i = 0; i < kParameters; ++i) {
        names_[i] = named(new QComboBox(settings), QStringLiteral("sweepParam%1").arg(i));
        names_[i]->setEditable(true);
        names_[i]->addItems(kCommonNames.split(QLatin1Char(' ')));
        names_[i]->setCurrentText(i == 0 ? QStringLiteral("hidden") : QString());
        names_[i]->lineEdit()->setPlaceholderText(tr("(unused)"));
        values_[i] = named(new QLineEdit(settings), QStringLiteral("sweepValues%1").arg(i));
        values_[i]->setPlaceholderText(tr("values separated by commas, e.g. 16,32,64"));
        grid->addWidget(names_[i], i, 0);
        grid->addWidget(values_[i], i, 1, 1, 2);
    }
    mode_ = named(new QComboBox(form_), QStringLiteral("sweepMode"));
    mode_->addItem(tr("Grid: every combination"), int(Mode::Grid));
    mode_->addItem(tr("Random: N points of the grid"), int(Mode::Random));
    mode_->addItem(tr("Successive halving"), int(Mode::Halving));
    mode_->addItem(tr("Random N points, successive halving"), int(Mode::RandomHalving));
    mode_->setToolTip(
        tr("Successive halving trains every trial a few epochs, then the better half longer, and so "
           "on up to the epochs per trial."));
    randomCount_ = named(new QSpinBox(form_), QStringLiteral("sweepRandomCount"));
    randomCount_->setRange(0, 100000);
    randomCount_->setValue(8);
    randomCount_->setPrefix(tr("N = "));
    const int cores = std::max(1, QThread::idealThreadCount());
    jobs_ = named(new QSpinBox(form_), QStringLiteral("sweepJobs"));
    jobs_->setRange(1, cores);
    jobs_->setValue(std::min(2, cores));
    epochs_ = named(new QSpinBox(form_), QStringLiteral("sweepEpochs"));
    epochs_->setRange(0, 100000);
    epochs_->setSpecialValueText(tr("as the current run"));
    grid->addWidget(new QLabel(tr("Mode:"), settings), kParameters, 0);
    grid->addWidget(mode_, kParameters, 1);
    grid->addWidget(randomCount_, kParameters, 2);
    grid->addWidget(new QLabel(tr("Trials at once:"), settings), kParameters + 1, 0);
    grid->addWidget(jobs_, kParameters + 1, 1, 1, 2);
    grid->addWidget(new QLabel(tr("Epochs per trial:"), settings), kParameters + 2, 0);
    grid->addWidget(epochs_, kParameters + 2, 1, 1, 2);
    autoBudget_ = named(new QSpinBox(form_), QStringLiteral("sweepAutoBudget"));
    autoBudget_->setRange(1, 7 * 24 * 3600);
    autoBudget_->setValue(300);
    autoBudget_->setSuffix(tr(" s"));
    auto_ = named(new QPushButton(tr("Auto Search"), form_), QStringLiteral("sweepAuto"));
    autoFill_ = named(new QPushButton(tr("Fill Only"), form_), QStringLiteral("sweepAutoFill"));
    const auto autoTip = [this] {
        const QString plan =
            tr("The grid of train --auto for a budget of %n s: window half, as and twice the current run’s, hidden "
               "32, 64, 128, layers 1, 2, lr 0.001, 0.003, successive halving, and as many random points as the "
               "budget allows at the current run’s seconds per epoch.",
               nullptr, autoBudget_->value());
        // The join is translated too: Chinese puts no space between sentences.
        const auto withPlan = [&plan](const QString& sentence) {
            return tr("%1 %2", "two sentences of one line").arg(plan, sentence);
        };
        auto_->setToolTip(
            withPlan(tr("Auto Search fills the form with it and starts; at the end the best trial stays "
                        "current only when its validation loss is below the current run’s.")));
        autoFill_->setToolTip(withPlan(tr("Fill Only fills the form with it: edit it, then Start.")));
    };
    autoTip();
    connect(autoBudget_, &QSpinBox::valueChanged, this, autoTip);
    connect(auto_, &QPushButton::clicked, this, &SweepDialog::startAuto);
    connect(autoFill_, &QPushButton::clicked, this, &SweepDialog::fillAuto);
    auto* autoButtons = new QHBoxLayout;
    autoButtons->addWidget(auto_);
    autoButtons->addWidget(autoFill_);
    grid->addWidget(new QLabel(tr("Budget (seconds):"), settings), kParameters + 3, 0);
    grid->addWidget(autoBudget_, kParameters + 3, 1);
    grid->addLayout(autoButtons, kParameters + 3, 2);
    grid->setColumnStretch(1, 1);
    (new QVBoxLayout(form_))->addWidget(settings);
    form_->layout()->setContentsMargins(0, 0, 0, 0);
    connect(mode_, &QComboBox::currentIndexChanged, this, [this] { setRunning(isRunning()); });

    status_ =
        named(new QLabel(tr("Choose the settings and their values, then Start."), this), QStringLiteral("sweepStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = named(new QProgressBar(this), QStringLiteral("sweepProgress"));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setFormat(tr("%v of %m trial(s)"));
    table_ = named(new QTableWidget(0, 3, this), QStringLiteral("sweepTable"));
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setTabKeyNavigation(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    chart_ = named(new ParallelCoordinates(this), QStringLiteral("sweepChart"));
    chart_->setCaption(
        tr("One line per trial: green has the lowest validation loss, red the highest; the thick "
           "line is the best trial."));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    start_ = named(buttons->addButton(tr("Start"), QDialogButtonBox::ActionRole), QStringLiteral("sweepStart"));
    stop_ = named(buttons->addButton(tr("Stop"), QDialogButtonBox::ActionRole), QStringLiteral("sweepStop"));
    stop_->setToolTip(tr("Stops the running trials; the finished ones are kept as runs."));
    connect(start_, &QPushButton::clicked, this, &SweepDialog::start);
    connect(stop_, &QPushButton::clicked, this, &SweepDialog::stop);
    connect(buttons, &QDialogButtonBox::rejected, this, &SweepDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(form_);
    layout->addWidget(status_);
    layout->addWidget(progress_);
    layout->addWidget(table_, 2);
    layout->addWidget(chart_, 3);
    layout->addWidget(buttons);
}

bool SweepDialog::isRunning() const { return process_->state() != QProcess::NotRunning; }

QString SweepDialog::message() const { return status_->text(); }

void SweepDialog::say(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void SweepDialog::setRunning(bool running) {
    form_->setEnabled(!running);
    const Mode mode = Mode(mode_->currentData().toInt());
    randomCount_->setEnabled(mode == Mode::Random || mode == Mode::RandomHalving);
    start_->setEnabled(!running);
    stop_->setEnabled(running);
}

QList<SweepDialog::Parameter> SweepDialog::parameters(QString* error) const {
    static const QRegularExpression badName(QStringLiteral("[\\s=,]"));
    const auto fail = [error](const QString& why) {
        *error = why;
        return QList<Parameter>();
    };
    QList<Parameter> out;
    for (int i = 0; i < kParameters; ++i) {
        const QString name = names_[i]->currentText().trimmed(), text = values_[i]->text().trimmed();
        if (name.isEmpty() && text.isEmpty()) continue;
        if (name.isEmpty()) return fail(tr("The values “%1” have no setting: choose one.").arg(text));
        if (name.contains(badName)) return fail(tr("“%1” is not a setting’s name.").arg(name));
        for (const Parameter& p : out)
            if (p.name == name) return fail(tr("%1 is chosen twice: give all its values on one line.").arg(name));
        if (text.isEmpty())
            return fail(tr("%1 has no values: type them separated by commas, e.g. 16,32,64.").arg(name));
        Parameter p{name, {}};
        for (const QString& v : text.split(QLatin1Char(','))) {
            if (v.trimmed().isEmpty()) return fail(tr("%1 has an empty value in “%2”.").arg(name, text));
            p.values << v.trimmed();
        }
        out << p;
    }
    return out.isEmpty() ? fail(tr("Choose at least one setting to sweep and its values.")) : out;
}

QStringList SweepDialog::arguments(QString* error) const {
    const QList<Parameter> params = parameters(error);
    const Mode mode = Mode(mode_->currentData().toInt());
    if (params.isEmpty()) return {};
    const bool random = mode == Mode::Random || mode == Mode::RandomHalving;
    if (random && randomCount_->value() < 1) {
        *error = tr("Random search needs at least 1 point.");
        return {};
    }
    QStringList args{QStringLiteral("sweep"), QStringLiteral("--project"), dir_};
    for (const Parameter& p : params)
        args << QStringLiteral("--grid") << p.name + QLatin1Char('=') + p.values.join(QLatin1Char(','));
    if (random) args << QStringLiteral("--random") << QString::number(randomCount_->value());
    if (random && !seed_.isEmpty()) args << QStringLiteral("--seed") << seed_;
    if (mode == Mode::Halving || mode == Mode::RandomHalving) args << QStringLiteral("--halving");
    args << QStringLiteral("--jobs") << QString::number(jobs_->value());
    if (epochs_->value() > 0) args << QStringLiteral("--epochs") << QString::number(epochs_->value());
    return args;
}

bool SweepDialog::start() { return startSweep(/*autoSearch=*/false); }

bool SweepDialog::startSweep(bool autoSearch) {
    if (isRunning()) return false;
    QString error;
    const QStringList args = arguments(&error);
    if (args.isEmpty()) {
        say(error, /*error=*/true);
        return false;
    }
    run_ = {};
    run_.autoSearch = autoSearch;
    run_.autoFirst = autoFirst_;
    for (const Parameter& p : parameters(&error)) run_.swept << p.name;
    table_->setRowCount(0);
    table_->setColumnCount(static_cast<int>(run_.swept.size()) + 3);
    table_->setHorizontalHeaderLabels(QStringList{tr("Run")} + run_.swept +
                                      QStringList{tr("Status"), tr("Validation loss")});
    chart_->setAxes(run_.swept);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    say(tr("Starting the sweep…"));
    setRunning(true);
    process_->start(cli_, args);
    return true;
}

void SweepDialog::stop() {
    if (!isRunning()) return;
    run_.stopping = true;
    say(tr("Stopping: the running trials end, the finished ones are kept…"));
#ifdef Q_OS_UNIX
    // As Ctrl+C in a terminal: the CLI stops its trials and records the finished ones.
    ::kill(static_cast<pid_t>(process_->processId()), SIGINT);
#else
    process_->kill();
#endif
}

void SweepDialog::reject() {
    stop();
    QDialog::reject();
}

void SweepDialog::readErrors() {
    run_.pending += QString::fromUtf8(process_->readAllStandardError());
    qsizetype end = 0;
    while ((end = run_.pending.indexOf(QLatin1Char('\n'))) >= 0) {
        parseLine(run_.pending.left(end).trimmed());
        run_.pending.remove(0, end + 1);
    }
}

void SweepDialog::parseLine(const QString& line) {
    static const QRegularExpression header(QStringLiteral("^sweep (\\S+): (\\d+) trial"));
    static const QRegularExpression rung(QStringLiteral("^rung (\\d+): (\\d+) trial\\(s\\) to (\\d+) epoch\\(s\\)"));
    static const QRegularExpression trial(
        QStringLiteral("^\\[(\\d+)/(\\d+)\\]\\s+(\\S+)\\s+\\((.*)\\):\\s+(.+),\\s+val_loss\\s+(\\S+)$"));
    if (line.isEmpty()) return;
    run_.lastLine = line;
    if (line.startsWith(QLatin1String("error: "))) {
        run_.errorLines << line.mid(7);
    } else if (const auto m = header.match(line); m.hasMatch()) {
        run_.id = m.captured(1);
        progress_->setRange(0, m.captured(2).toInt());
        say(tr("Sweep %1: %n trial(s)", nullptr, m.captured(2).toInt()).arg(run_.id));
        Q_EMIT sweepStarted(run_.id);
    } else if (const auto m = rung.match(line); m.hasMatch()) {
        progress_->setRange(0, m.captured(2).toInt());
        progress_->setValue(0);
        say(tr("Rung %1: %2 trial(s) to %3 epoch(s)").arg(m.captured(1), m.captured(2), m.captured(3)));
    } else if (const auto m = trial.match(line); m.hasMatch()) {
        progress_->setRange(0, m.captured(2).toInt());
        progress_->setValue(m.captured(1).toInt());
        QHash<QString, QString> values;
        for (const QString& pair : m.captured(4).split(QStringLiteral(", "))) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            if (eq > 0) values.insert(pair.left(eq), pair.mid(eq + 1));
        }
        putTrial(m.captured(3), values, m.captured(5), m.captured(6));
    }
}

void SweepDialog::putTrial(const QString& run, const QHash<QString, QString>& values, const QString& status,
                           const QString& loss) {
    // Successive halving trains a run again in a later rung: its row shows the latest.
    int row = 0;
    while (row < table_->rowCount() && table_->item(row, 0)->text() != run) ++row;
    if (row == table_->rowCount()) table_->insertRow(row);
    auto put = [&](int column, const QString& text, bool number) {
        auto* item = new QTableWidgetItem(text);
        if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table_->setItem(row, column, item);
    };
    put(0, run, false);
    for (int c = 0; c < run_.swept.size(); ++c) put(c + 1, values.value(run_.swept[c]), true);
    const QString shown = status == QLatin1String("finished")        ? tr("finished")
                          : status == QLatin1String("stopped early") ? tr("stopped early")
                          : status == QLatin1String("failed")        ? tr("failed")
                          : status == QLatin1String("cancelled")     ? tr("cancelled")
                                                                     : status;
    put(static_cast<int>(run_.swept.size()) + 1, shown, false);
    put(static_cast<int>(run_.swept.size()) + 2, loss == QLatin1String("n/a") ? tr("n/a") : loss, true);
}

void SweepDialog::onFinished(int exitCode, QProcess::ExitStatus status) {
    readErrors();
    parseLine(run_.pending.trimmed());
    run_.pending.clear();
    process_->readAllStandardOutput();  // the CLI's table: the dialog has its own
    const bool ok = status == QProcess::NormalExit && exitCode == 0;
    if (ok) {
        progress_->setValue(progress_->maximum());
    } else if (run_.stopping) {
        say(tr("Stopped. The finished trials are kept as runs; the current run is unchanged."));
    } else {
        run_.error = !run_.errorLines.isEmpty() ? run_.errorLines.join(QLatin1Char('\n'))
                     : status == QProcess::CrashExit
                         ? tr("the command line tool crashed (%1)").arg(process_->errorString())
                         : run_.lastLine;
        say(tr("The sweep failed: %1").arg(run_.error), /*error=*/true);
    }
    if (!run_.id.isEmpty() && loadRuns()) showRuns();
    if (run_.autoSearch) finishAuto(ok);
    setRunning(false);
    Q_EMIT sweepFinished(ok);
}

bool SweepDialog::runsCommand(const QStringList& extra, QJsonArray* runs, QString* error) const {
    QProcess cli;
    cli.start(cli_,
              QStringList{QStringLiteral("runs"), QStringLiteral("--project"), dir_, QStringLiteral("--json")} + extra);
    const bool done = cli.waitForFinished(30000) && cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0;
    QJsonParseError parse{};
    const QJsonDocument doc = done ? QJsonDocument::fromJson(cli.readAllStandardOutput(), &parse) : QJsonDocument();
    if (!done || !doc.isArray()) {
        *error = done ? parse.errorString() : QString::fromUtf8(cli.readAllStandardError()).trimmed();
        return false;
    }
    *runs = doc.array();
    return true;
}

bool SweepDialog::loadRuns() {
    QJsonArray all;
    QString why;
    if (!runsCommand({}, &all, &why)) {
        say(status_->text() + QLatin1Char('\n') + tr("Cannot read the project’s runs: %1").arg(why), /*error=*/true);
        return false;
    }
    run_.runs = {};
    for (const QJsonValue& v : all)
        if (v.toObject().value(QStringLiteral("sweep")).toString() == run_.id) run_.runs.append(v);
    return true;
}

void SweepDialog::showRuns() {
    // A trial stopped before it trained is not kept: its row goes too.
    QSet<QString> kept;
    for (const auto& run : run_.runs) kept.insert(run.toObject().value(QStringLiteral("id")).toString());
    for (int r = table_->rowCount() - 1; r >= 0; --r)
        if (!kept.contains(table_->item(r, 0)->text())) table_->removeRow(r);
    QList<QStringList> rows;
    QList<double> scores;
    int best = -1, current = -1;
    for (int i = 0; i < run_.runs.size(); ++i) {
        const QJsonObject run = run_.runs[i].toObject();
        const QJsonObject params = run.value(QStringLiteral("params")).toObject();
        QStringList row;
        QHash<QString, QString> values;
        for (const QString& name : run_.swept) {
            row << params.value(name).toVariant().toString();
            values.insert(name, row.back());
        }
        const double loss = lossOf(run);
        rows << row;
        scores << loss;
        if (run.value(QStringLiteral("current")).toBool()) current = i;
        if (std::isfinite(loss) && (best < 0 || loss < scores[best])) best = i;
        // The final word on each trial (a halved one's last rung, a status the stream missed).
        putTrial(run.value(QStringLiteral("id")).toString(), values, run.value(QStringLiteral("status")).toString(),
                 std::isfinite(loss) ? QString::number(loss, 'g', 6) : QStringLiteral("n/a"));
    }
    chart_->setRows(rows, scores);
    // After a whole sweep the best is the current run; after a stop, the lowest loss.
    const int shown = current >= 0 ? current : best;
    chart_->highlight(shown);
    if (shown < 0) return;
    const QString id = run_.runs[shown].toObject().value(QStringLiteral("id")).toString();
    QFont bold = table_->font();
    bold.setBold(true);
    for (int r = 0; r < table_->rowCount(); ++r)
        for (int c = 0; c < table_->columnCount() && table_->item(r, 0)->text() == id; ++c)
            table_->item(r, c)->setFont(bold);
    if (current >= 0) {
        QStringList values;
        for (int c = 0; c < run_.swept.size(); ++c) values << run_.swept[c] + QLatin1Char('=') + rows[current][c];
        say(tr("Best: %1 (%2), validation loss %3; it is now the current run.")
                .arg(id, values.join(QStringLiteral(", ")), QString::number(scores[current], 'g', 6)));
    }
}

}  // namespace studio
