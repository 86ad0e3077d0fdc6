// Auto search: the Sweep dialog's Auto Search and Fill Only, and train --auto's choice at
// the end of the search (app/cli_runs.cpp's cliAutoSearch).
#include "shell/sweep_dialog.h"

#include "jobs/runs.h"
#include "jobs/sweep.h"
#include "tasks/forecast/forecast_project.h"

#include <QComboBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace studio {
namespace {

double lossOf(const QJsonObject& run) {
    const QJsonValue v = run.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("val_loss"));
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

QJsonObject runOf(const QJsonArray& runs, const QString& id) {
    for (const QJsonValue& v : runs)
        if (v.toObject().value(QStringLiteral("id")).toString() == id) return v.toObject();
    return {};
}

QString currentOf(const QJsonArray& runs) {
    for (const QJsonValue& v : runs)
        if (v.toObject().value(QStringLiteral("current")).toBool())
            return v.toObject().value(QStringLiteral("id")).toString();
    return {};
}

QString loss(double v) { return std::isfinite(v) ? QString::number(v, 'g', 6) : SweepDialog::tr("n/a"); }

// "window 24, hidden 64, layers 2, learning rate 0.003", from a run's recorded settings.
QString settingsOf(const QJsonObject& run) {
    const QJsonObject params = run.value(QStringLiteral("params")).toObject();
    const auto value = [&](const char* name) {
        const QString text = params.value(QLatin1String(name)).toVariant().toString();
        return text.isEmpty() ? SweepDialog::tr("n/a") : text;
    };
    return SweepDialog::tr("window %1, hidden %2, layers %3, learning rate %4")
        .arg(value("window"), value("hidden"), value("layers"), value("lr"));
}

}  // namespace

void SweepDialog::setAutoBudget(int seconds) { autoBudget_->setValue(seconds); }

bool SweepDialog::startAuto() {
    if (isRunning() || !fillAuto()) return false;
    return startSweep(/*autoSearch=*/true);
}

bool SweepDialog::fillAuto() {
    if (isRunning()) return false;
    const std::string dir = dir_.toStdString();
    ProjectFile p;
    LedgerRun first;
    try {
        const std::string base = currentRunId(dir);
        for (const LedgerRun& r : listRuns(dir))
            if (r.id == base) first = r;
        if (first.id.empty()) {
            say(tr("Auto needs a current run: train the project first."), /*error=*/true);
            return false;
        }
        p = loadProjectFile(dir);  // a project of another task throws
    } catch (const std::exception& e) {
        say(tr("Auto needs a forecast project with a current run: %1").arg(QString::fromStdString(e.what())),
            /*error=*/true);
        return false;
    }
    // train --auto's plan (jobs/sweep.h), so the GUI's search is the one the CLI would run
    // for this budget.
    const double seconds = autoBudget_->value();
    const double epochSeconds = first.epochs > 0 ? first.seconds / first.epochs : 1.0;
    const int jobs = std::min(4, jobs_->maximum());
    const int epochs = p.train.epochs;
    const AutoSearchPlan plan =
        autoSearchPlan(p.series.window, p.series.horizon, p.model.hidden,
                       std::min({p.trainRows, p.valRows, p.testRows}), epochs, epochSeconds, jobs, seconds);
    const int trials = plan.trials, grid = plan.grid;
    autoFirst_.clear();
    if (trials == 0) {
        say(tr("A budget of %1 s leaves no room for a search (an epoch of run %2 took %3 s): give it more.")
                .arg(seconds)
                .arg(QString::fromStdString(first.id))
                .arg(epochSeconds, 0, 'g', 3),
            /*error=*/true);
        return false;
    }
    for (int i = 0; i < kParameters; ++i) {
        QString name, values;
        if (i < static_cast<int>(plan.axes.size())) {
            name = QString::fromStdString(plan.axes[i].name);
            QStringList text;
            for (const std::string& v : plan.axes[i].values) text << QString::fromStdString(v);
            values = text.join(QLatin1Char(','));
        }
        names_[i]->setCurrentText(name);
        values_[i]->setText(values);
    }
    const Mode mode = trials < grid ? Mode::RandomHalving : Mode::Halving;
    mode_->setCurrentIndex(mode_->findData(int(mode)));
    randomCount_->setValue(trials);
    seed_ = QString::number(p.train.seed);
    jobs_->setValue(jobs);
    epochs_->setValue(0);  // the current run's, as train --auto's
    autoFirst_ = QString::fromStdString(first.id);
    say(tr("Auto: %1 of %2 settings (window, hidden, layers, lr), successive halving up to %3 epoch(s), for about "
           "%4 s. Press Start.")
            .arg(trials)
            .arg(grid)
            .arg(epochs)
            .arg(seconds));
    return true;
}

void SweepDialog::finishAuto(bool ok) {
    const QString first = run_.autoFirst;
    if (!ok) {
        run_.autoSummary = run_.stopping ? tr("Auto search stopped; run %1 stays current.").arg(first)
                                         : tr("Auto search failed; run %1 stays current: %2").arg(first, run_.error);
        return;
    }
    // The sweep made its best trial current; as train --auto, it stays only when it beats the
    // first run (a tie or an unknown loss keeps the first).
    QJsonArray all;
    QString error;
    if (!runsCommand({}, &all, &error)) {
        run_.autoSummary = tr("Auto search: cannot read the project’s runs: %1").arg(error);
        say(run_.autoSummary, /*error=*/true);
        return;
    }
    const QString best = currentOf(all);
    const double bestLoss = lossOf(runOf(all, best)), firstLoss = lossOf(runOf(all, first));
    if (!(bestLoss < firstLoss) && best != first) {
        if (!runsCommand({QStringLiteral("--select"), first}, &all, &error)) {
            run_.autoSummary = tr("Auto search: cannot make run %1 current again: %2").arg(first, error);
            say(run_.autoSummary, /*error=*/true);
            return;
        }
        if (loadRuns()) showRuns();  // the sweep's best is no longer current
        run_.autoSummary = tr("Auto search: no trial beat the first run, %1 (validation loss %2; the best trial, %3, "
                              "had %4). Run %1 stays current: %5.")
                               .arg(first, loss(firstLoss), best, loss(bestLoss), settingsOf(runOf(all, first)));
    } else {
        run_.autoSummary = tr("Auto search chose run %1: %2. Validation loss %3, against %4 of the first run, %5. "
                              "It is now the current run.")
                               .arg(best, settingsOf(runOf(all, best)), loss(bestLoss), loss(firstLoss), first);
    }
    say(run_.autoSummary);
}

}  // namespace studio
