#include "widgets/spec_form.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>

#include <cmath>

namespace studio {

SpecFormRows::SpecFormRows(QFormLayout* layout, std::function<void()> edited)
    : edited_(std::move(edited)), layout_(layout) {}

QWidget* SpecFormRows::widget() const { return layout_->parentWidget(); }

QWidget* SpecFormRows::field(const char* name) const {
    return widget()->findChild<QWidget*>(QString::fromLatin1(name), Qt::FindDirectChildrenOnly);
}

void SpecFormRows::placeRow(const char* name, const QString& label, QWidget* field, const QString& tip) {
    field->setObjectName(QString::fromLatin1(name));
    field->setToolTip(tip);
    layout_->addRow(label, field);
}

void SpecFormRows::addMessages(const char* name) {
    messages_ = new QLabel(widget());
    messages_->setObjectName(QString::fromLatin1(name));
    messages_->setWordWrap(true);
    messages_->hide();
    layout_->addRow(messages_);
}

void SpecFormRows::showMessages(const QStringList& errors, const QStringList& hints) {
    QStringList html;
    for (const QString& e : errors)
        html << QStringLiteral("<span style='color:#b00020'>%1</span>").arg(e.toHtmlEscaped());
    for (const QString& h : hints)
        html << QStringLiteral("<span style='color:#8a6d00'>%1</span>").arg(h.toHtmlEscaped());
    messages_->setText(html.join(QStringLiteral("<br>")));
    messages_->setVisible(!html.isEmpty());
}

void SpecFormRows::markInvalid(const char* name, bool invalid) {
    QWidget* shaded = field(name);
    shaded->setStyleSheet(invalid ? QStringLiteral("background:#fde8e8;") : QString());
    shaded->setProperty("invalid", invalid);
}

void SpecFormRows::select(QComboBox* box, const QString& data) {
    const int index = box->findData(data);
    if (index >= 0) box->setCurrentIndex(index);
}

double SpecFormRows::number(const QLineEdit* edit) {
    bool ok = false;
    const double value = QLocale::c().toDouble(edit->text().trimmed(), &ok);
    return ok ? value : std::nan("");
}

}  // namespace studio
