#include "shell/about_dialog.h"

#include "base/versions.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace studio {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About LSTM Studio"));
    auto* title = new QLabel(tr("<h3>LSTM Studio %1</h3>").arg(QStringLiteral(STUDIO_VERSION)), this);
    auto* blurb = new QLabel(tr("Interactive sequence modeling with LSTM and BiLSTM networks: load a series, "
                                "train on a worker thread while the charts follow, and compare the predictions "
                                "with the truth and with the naive forecast."),
                             this);
    blurb->setWordWrap(true);
    const auto rows = components();
    table_ = new QTableWidget(static_cast<int>(rows.size()), 2, this);
    table_->setHorizontalHeaderLabels({tr("Component"), tr("Version")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setTabKeyNavigation(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        table_->setItem(r, 0, new QTableWidgetItem(rows[r].first));
        table_->setItem(r, 1, new QTableWidgetItem(rows[r].second));
    }
    table_->resizeColumnToContents(0);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(blurb);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(560, 360);
}

std::vector<std::pair<QString, QString>> AboutDialog::components() {
    std::vector<std::pair<QString, QString>> out;
    out.emplace_back(QStringLiteral("Qt"), QString::fromLatin1(qVersion()));
    out.emplace_back(QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR));
    for (const auto& [name, version] : libraryVersions())
        out.emplace_back(QString::fromStdString(name), QString::fromStdString(version));
    return out;
}

int AboutDialog::rowCount() const { return table_->rowCount(); }

}  // namespace studio
