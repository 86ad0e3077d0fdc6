#pragma once

#include <qcustomplot.h>

#include <QList>
#include <QStringList>

namespace studio {

// A parallel-coordinates chart: one vertical axis per named column plus a last axis for a
// score (lower is better, e.g. a validation loss), and one polyline per row through its
// values. A column whose every value is a number gets a numeric scale (logarithmic when
// all are positive and span two decades or more, as learning rates do); any other column
// gets its distinct values as categories, in sorted order. Lines are coloured from good
// (low score, green) to bad (high score, red), by its place on the score axis (which is
// logarithmic too when the scores span two decades); a row without a score (NaN) is grey and
// stops at the last column. highlight() draws one row thick, above the others.
// GUI thread only.
class ParallelCoordinates : public QCustomPlot {
    Q_OBJECT
public:
    explicit ParallelCoordinates(QWidget* parent = nullptr);

    // The columns' names, left to right; the score's axis comes after them.
    void setAxes(const QStringList& names, const QString& scoreName = QString());
    // One entry of `values` per row, each with one text per column (as setAxes named
    // them); `scores` has one number per row. Replaces the rows drawn before.
    void setRows(const QList<QStringList>& values, const QList<double>& scores);
    // Draws `row` thick and in front; -1 for none.
    void highlight(int row);
    void clear();
    // A line of text above the chart (how to read it); empty hides it.
    void setCaption(const QString& text);

    int rowCount() const { return static_cast<int>(lines_.size()); }
    int highlighted() const { return highlighted_; }
    QStringList axisNames() const { return names_; }
    // The row's line (a QCPGraph with x = 0, 1, ... for the axes), null past the end.
    QCPGraph* line(int row) const;
    // Where a row's value sits on axis `axis`, 0 (bottom) to 1 (top); NaN when it has none.
    double position(int row, int axis) const;

private:
    // One axis's scale: numbers (possibly log) or categories.
    struct Scale {
        bool numeric = true;
        bool log = false;
        double min = 0.0, max = 1.0;
        QStringList categories;
        double place(const QString& text) const;
        double place(double value) const;
    };
    static Scale scaleOf(const QStringList& column);
    static QColor colourFor(double goodness);
    void redraw();
    void drawAxis(int index, const QString& name, const Scale& scale, const QStringList& ticks);

    QCPTextElement* caption_ = nullptr;
    QStringList names_;
    QString scoreName_;  // the caller's; empty: "Validation loss" in the language shown
    QList<QStringList> values_;
    QList<double> scores_;
    QList<QCPGraph*> lines_;
    QList<QList<double>> positions_;
    int highlighted_ = -1;
};

}  // namespace studio
