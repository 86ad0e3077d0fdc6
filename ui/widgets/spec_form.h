#pragma once

#include "base/enum_names.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QStringList>

#include <algorithm>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>
#include <utility>
#include <vector>

class QFormLayout;
class QLabel;

namespace studio {

// A member of a member, for specs that group their options: nested(&TextSpec::vocab, &VocabOptions::minFreq).
template <class Spec, class Part, class T>
struct NestedMember {
    Part Spec::*part;
    T Part::*member;
};

template <class Spec, class Part, class T>
NestedMember<Spec, Part, T> nested(Part Spec::*part, T Part::*member) {
    return {part, member};
}

// The member of `spec` that `member` names; const where `spec` is.
template <class S, class C, class T>
auto& memberOf(S& spec, T C::*member) {
    return spec.*member;
}

template <class S, class C, class Part, class T>
auto& memberOf(S& spec, NestedMember<C, Part, T> member) {
    return (spec.*member.part).*member.member;
}

// What SpecForm does whatever the struct: rows that are named (the CLI option's name, which tests and
// accessibility find), labelled and explained, and a row of messages under them. Several forms may share one
// layout. Labels, tips and choice texts are given untranslated, marked with QT_TR_NOOP in the class whose
// context `context` names (its metaObject()->className()): the form translates them when it places them and
// again whenever the language changes. GUI thread only.
class SpecFormRows {
public:
    // Rows go into `layout`, whose widget owns them; `edited` runs whenever a bound field changes (the user's
    // edit, or a write()); `context` is the translation context of the texts the rows are given.
    SpecFormRows(QFormLayout* layout, std::function<void()> edited, const char* context);
    SpecFormRows(const SpecFormRows&) = delete;
    SpecFormRows& operator=(const SpecFormRows&) = delete;

    QFormLayout* layout() const { return layout_; }
    QWidget* widget() const;  // the widget that holds the rows (a group box)
    // The field named `name` in this layout's widget, or null.
    QWidget* field(const char* name) const;
    template <class W>
    W* field(const char* name) const {
        return qobject_cast<W*>(field(name));
    }

    // A row for a widget that edits no member (a preset, a file path): it changes nothing by itself. A null
    // tip leaves the field's tooltip to the caller (one with numbers in it).
    template <class W>
    W* addRow(const char* name, const char* label, W* field, const char* tip = nullptr) {
        placeRow(name, label, field, tip);
        return field;
    }
    // Keeps `items` (untranslated) as the texts of the combo box `box`'s items, in order.
    void setItemTexts(QComboBox* box, std::vector<const char*> items);

    // A row under the fields for errors (red) and hints (amber), hidden while there are none.
    void addMessages(const char* name);
    void showMessages(const QStringList& errors, const QStringList& hints = {});
    // Shades a refused field; its property "invalid" says so to tests.
    void markInvalid(const char* name, bool invalid);

protected:
    static void select(QComboBox* box, const QString& data);  // keeps the choice where no item has `data`
    static double number(const QLineEdit* edit);              // NaN unless the text is a number ("1e-3")

    std::function<void()> edited_;

private:
    // The untranslated texts of one row.
    struct RowTexts {
        QWidget* field;
        const char* label;  // a check box's own text; null: no label
        const char* tip;    // null: the caller's
        std::vector<const char*> items;
    };

    void placeRow(const char* name, const char* label, QWidget* field, const char* tip);
    QString translated(const char* source) const;
    void applyTexts(const RowTexts& row) const;

    QFormLayout* layout_;
    const char* context_;
    std::vector<RowTexts> rows_;
    QLabel* messages_ = nullptr;
};

// A form whose fields edit the members of one struct: each field is made, named, labelled, explained and tied
// to its member once, and read() / write() move every field's value at once. Fields start at the struct's
// defaults. GUI thread only.
//
//   SpecForm<SeriesSpec> form(layout, [this] { onChanged(); }, staticMetaObject.className());
//   form.addInt("window", QT_TR_NOOP("&Window"), &SeriesSpec::window, 1, 100000, QT_TR_NOOP("Input rows per sample."));
//   const SeriesSpec spec = form.read();
template <class Spec>
class SpecForm : public SpecFormRows {
public:
    // The type of the member that M (a member pointer or nested()) names.
    template <class M>
    using FieldOf = std::decay_t<decltype(memberOf(std::declval<Spec&>(), std::declval<M>()))>;

    using SpecFormRows::SpecFormRows;

    // A spin box for an integer member; a wider one (the seed) shows at most `hi`.
    template <class M>
    QSpinBox* addInt(const char* name, const char* label, M member, int lo, int hi, const char* tip = nullptr) {
        using T = FieldOf<M>;
        static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>, "addInt edits an integer member");
        auto* box = addRow(name, label, new QSpinBox(widget()), tip);
        box->setRange(lo, hi);
        return bind(
            member, box, &QSpinBox::valueChanged, [box] { return static_cast<T>(box->value()); },
            [box](T value) { box->setValue(static_cast<int>(std::min(value, static_cast<T>(box->maximum())))); });
    }

    template <class M>
    QDoubleSpinBox* addDouble(const char* name, const char* label, M member, double lo, double hi, double step,
                              int decimals, const char* tip = nullptr) {
        static_assert(std::is_same_v<FieldOf<M>, double>, "addDouble edits a double member");
        auto* box = addRow(name, label, new QDoubleSpinBox(widget()), tip);
        box->setRange(lo, hi);
        box->setSingleStep(step);
        box->setDecimals(decimals);
        return bind(
            member, box, &QDoubleSpinBox::valueChanged, [box] { return box->value(); },
            [box](double value) { box->setValue(value); });
    }

    // A line edit for a double the user types as text ("0.001" or "1e-3"); text that is no number reads as
    // NaN, for the caller's validation to refuse.
    template <class M>
    QLineEdit* addNumber(const char* name, const char* label, M member, const char* tip = nullptr) {
        static_assert(std::is_same_v<FieldOf<M>, double>, "addNumber edits a double member");
        auto* edit = addRow(name, label, new QLineEdit(widget()), tip);
        return bind(
            member, edit, &QLineEdit::textChanged, [edit] { return number(edit); },
            [edit](double value) { edit->setText(QString::number(value, 'g', 6)); });
    }

    // A check box (its text is the label) for a bool member.
    template <class M>
    QCheckBox* addCheck(const char* name, const char* text, M member, const char* tip = nullptr) {
        static_assert(std::is_same_v<FieldOf<M>, bool>, "addCheck edits a bool member");
        auto* box = addRow(name, text, new QCheckBox(widget()), tip);
        return bind(
            member, box, &QCheckBox::toggled, [box] { return box->isChecked(); },
            [box](bool checked) { box->setChecked(checked); });
    }

    // A combo box for an enum member (each item's data is the value's CLI name, "zscore") or a string member
    // (the string itself), offering `items` in their order.
    template <class M>
    QComboBox* addChoice(const char* name, const char* label, M member,
                         const std::vector<std::pair<const char*, FieldOf<M>>>& items, const char* tip = nullptr) {
        using T = FieldOf<M>;
        auto* box = addRow(name, label, new QComboBox(widget()), tip);
        std::vector<const char*> texts;
        for (const auto& [text, value] : items) {
            box->addItem(QString(), choiceName(value));
            texts.push_back(text);
        }
        setItemTexts(box, std::move(texts));
        return bind(
            member, box, &QComboBox::currentIndexChanged,
            [box] { return choiceValue<T>(box->currentData().toString()); },
            [box](const T& value) { select(box, choiceName(value)); });
    }

    // `spec` with every member that has a field set from it; other members are left as they are.
    Spec read(Spec spec = {}) const {
        for (const Binding& binding : bindings_) binding.read(spec);
        return spec;
    }
    // Shows `spec` in every field; each field that changes runs `edited`, as the user's edit does.
    void write(const Spec& spec) {
        for (const Binding& binding : bindings_) binding.write(spec);
    }

private:
    struct Binding {
        std::function<void(Spec&)> read;
        std::function<void(const Spec&)> write;
    };

    // Shows the member's default in `field`, then ties them: `get` reads the field, `set` shows a value.
    template <class M, class W, class Signal, class Get, class Set>
    W* bind(M member, W* field, Signal changed, Get get, Set set) {
        const Spec defaults;
        set(memberOf(defaults, member));
        bindings_.push_back({[member, get](Spec& spec) { memberOf(spec, member) = get(); },
                             [member, set](const Spec& spec) { set(memberOf(spec, member)); }});
        QObject::connect(field, changed, field, edited_);
        return field;
    }

    template <class T>
    static QString choiceName(const T& value) {
        if constexpr (std::is_enum_v<T>) {
            return QString::fromStdString(toString(value));
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            QStringList names;  // a list of names is one choice, "a,b"
            for (const std::string& name : value) names << QString::fromStdString(name);
            return names.join(QLatin1Char(','));
        } else {
            return QString::fromStdString(value);
        }
    }

    template <class T>
    static T choiceValue(const QString& name) {
        if constexpr (std::is_enum_v<T>) {
            return parseEnum<T>(name.toStdString());
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            T value;
            for (const QString& part : name.split(QLatin1Char(','), Qt::SkipEmptyParts)) value.push_back(part.toStdString());
            return value;
        } else {
            return name.toStdString();
        }
    }

    std::vector<Binding> bindings_;
};

}  // namespace studio
