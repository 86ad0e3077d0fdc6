#include "widgets/spec_form.h"

#include "widgets/retranslate.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>

#include <cmath>

namespace studio {

SpecFormRows::SpecFormRows(QFormLayout* layout, std::function<void()> edited, const char* context)
    : edited_(std::move(edited)), layout_(layout), context_(context) {
    // Rows apply their texts as they are placed; this re-applies them all after a change of language.
    retranslate(widget(), [this] {
        for (const RowTexts& row : rows_) applyTexts(row);
    });
}

QWidget* SpecFormRows::widget() const { return layout_->parentWidget(); }

QWidget* SpecFormRows::field(const char* name) const {
    return widget()->findChild<QWidget*>(QString::fromLatin1(name), Qt::FindDirectChildrenOnly);
}

void SpecFormRows::placeRow(const char* name, const char* label, QWidget* field, const char* tip) {
    field->setObjectName(QString::fromLatin1(name));
    if (qobject_cast<QCheckBox*>(field) || !label) {
        layout_->addRow(QString(), field);  // in the field column; a check box is its own label
    } else {
        auto* buddy = new QLabel(widget());
        buddy->setBuddy(field);
        layout_->addRow(buddy, field);
    }
    rows_.push_back({field, label, tip, {}});
    applyTexts(rows_.back());
}

void SpecFormRows::setItemTexts(QComboBox* box, std::vector<const char*> items) {
    for (RowTexts& row : rows_) {
        if (row.field != box) continue;
        row.items = std::move(items);
        applyTexts(row);
        return;
    }
}

QString SpecFormRows::translated(const char* source) const { return QCoreApplication::translate(context_, source); }

void SpecFormRows::applyTexts(const RowTexts& row) const {
    if (row.label) {
        if (auto* box = qobject_cast<QCheckBox*>(row.field)) {
            box->setText(translated(row.label));
        } else if (auto* label = qobject_cast<QLabel*>(layout_->labelForField(row.field))) {
            label->setText(translated(row.label));
        }
    }
    if (row.tip) row.field->setToolTip(translated(row.tip));
    if (auto* box = qobject_cast<QComboBox*>(row.field)) {
        for (std::size_t i = 0; i < row.items.size() && static_cast<int>(i) < box->count(); ++i)
            box->setItemText(static_cast<int>(i), translated(row.items[i]));
    }
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
