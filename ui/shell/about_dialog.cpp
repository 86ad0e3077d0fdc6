#include "shell/about_dialog.h"

#include "jobs/component_versions.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTextDocument>
#include <QUrl>
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

    QString info = licence().isEmpty() ? tr("<p>Licence: none chosen yet.</p>")
                                       : tr("<p>Licence: %1.</p>").arg(licence().toHtmlEscaped());
    const QString readme = readmePath();
    const QString manuals = tr("the manual pages <tt>man lstm-studio</tt> and <tt>man lstm-studio-cli</tt>");
    info += readme.isEmpty() ? tr("<p>Documentation: %1.</p>").arg(manuals)
                             : tr("<p>Documentation: <a href=\"%1\">%2</a> and %3.</p>")
                                   .arg(QUrl::fromLocalFile(readme).toString(QUrl::FullyEncoded),
                                        QDir::toNativeSeparators(readme).toHtmlEscaped(), manuals);
    info_ = new QLabel(info, this);
    info_->setObjectName(QStringLiteral("aboutInfo"));
    info_->setWordWrap(true);
    info_->setTextFormat(Qt::RichText);
    info_->setOpenExternalLinks(true);
    info_->setTextInteractionFlags(Qt::TextBrowserInteraction);

    const auto rows = components();
    table_ = new QTableWidget(static_cast<int>(rows.size()), 2, this);
    table_->setObjectName(QStringLiteral("aboutComponents"));
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
    layout->addWidget(info_);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(600, 440);
}

std::vector<std::pair<QString, QString>> AboutDialog::components() {
    std::vector<std::pair<QString, QString>> out;
    out.emplace_back(QStringLiteral("Qt"), QString::fromLatin1(qVersion()));
    out.emplace_back(QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR));
    for (const auto& [name, version] : componentVersions())
        out.emplace_back(QString::fromStdString(name), QString::fromStdString(version));
    return out;
}

QString AboutDialog::licence() { return QStringLiteral(STUDIO_LICENSE); }

QString AboutDialog::readmePath() {
    const QString installed =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/doc/lstm-studio/README.md"));
    for (const QString& path : {installed, QStringLiteral(STUDIO_SOURCE_DIR "/README.md")})
        if (QFileInfo(path).isFile()) return QFileInfo(path).canonicalFilePath();
    return {};
}

int AboutDialog::rowCount() const { return table_->rowCount(); }

QString AboutDialog::infoText() const {
    QTextDocument document;
    document.setHtml(info_->text());
    return document.toPlainText();
}

}  // namespace studio
