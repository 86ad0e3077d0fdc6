#include "widgets/parallel_coordinates.h"

#include "widgets/plot_style.h"
#include "widgets/retranslate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace studio {
namespace {

const QColor kAxisPen(90, 90, 90);
const QColor kNoScore(160, 160, 160);
const char* const kFront = "highlight";
const char* const kLabels = "labels";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxTicks = 7;

QFont smallerFont(QFont font) {
    font.setPointSizeF(std::max(6.0, font.pointSizeF() - 1.0));
    return font;
}

bool toNumber(const QString& text, double* value) {
    bool ok = false;
    *value = text.trimmed().toDouble(&ok);
    return ok && std::isfinite(*value);
}

// At most kMaxTicks of `all` (sorted), the first and the last always among them.
template <typename T>
QList<T> thinned(const QList<T>& all) {
    if (all.size() <= kMaxTicks) return all;
    QList<T> out;
    for (int i = 0; i < kMaxTicks; ++i) out << all[static_cast<qsizetype>(i * (all.size() - 1) / (kMaxTicks - 1))];
    return out;
}

// Round numbers (1, 2 or 5 times a power of ten apart) from lo to hi; lo and hi themselves
// when fewer than two round ones fall between them.
QStringList niceTicks(double lo, double hi) {
    if (!(hi > lo)) return {QString::number(lo, 'g', 4)};
    const double rough = (hi - lo) / 4.0, decade = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10.0 * decade;
    for (double m : {1.0, 2.0, 5.0})
        if (m * decade >= rough) {
            step = m * decade;
            break;
        }
    QStringList out;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        out << QString::number(std::abs(v) < step * 1e-9 ? 0.0 : v, 'g', 6);
    if (out.size() < 2) out = {QString::number(lo, 'g', 4), QString::number(hi, 'g', 4)};
    return out;
}

}  // namespace

double ParallelCoordinates::Scale::place(double value) const {
    if (!std::isfinite(value)) return kNaN;
    if (max <= min) return 0.5;
    if (log) return value > 0 ? (std::log10(value) - std::log10(min)) / (std::log10(max) - std::log10(min)) : kNaN;
    return (value - min) / (max - min);
}

double ParallelCoordinates::Scale::place(const QString& text) const {
    if (text.trimmed().isEmpty()) return kNaN;
    if (numeric) {
        double v = 0.0;
        return toNumber(text, &v) ? place(v) : kNaN;
    }
    const qsizetype at = categories.indexOf(text);
    if (at < 0) return kNaN;
    return categories.size() == 1 ? 0.5 : double(at) / double(categories.size() - 1);
}

ParallelCoordinates::ParallelCoordinates(QWidget* parent) : QCustomPlot(parent) {
    PlotStyle::apply(this);
    addLayer(QString::fromLatin1(kFront), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    addLayer(QString::fromLatin1(kLabels), layer(QString::fromLatin1(kFront)), QCustomPlot::limAbove);
    // The axes are drawn as items; QCustomPlot's own bottom axis only names them.
    yAxis->setVisible(false);
    yAxis->setRange(-0.06, 1.06);
    xAxis->grid()->setVisible(false);
    xAxis->setBasePen(Qt::NoPen);
    xAxis->setTickPen(Qt::NoPen);
    xAxis->setSubTicks(false);
    QFont names = font();
    names.setBold(true);
    xAxis->setTickLabelFont(names);
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    setMinimumHeight(220);
    // The axes' names say "(log)" and name the score in the language shown: drawn again on a change.
    retranslate(this, [this] { redraw(); });
}

void ParallelCoordinates::setCaption(const QString& text) {
    if (caption_ && text.isEmpty()) {
        plotLayout()->remove(caption_);  // deletes it
        plotLayout()->simplify();
        caption_ = nullptr;
    } else if (!text.isEmpty()) {
        if (!caption_) {
            caption_ = new QCPTextElement(this, text, smallerFont(font()));
            caption_->setTextColor(QColor(70, 70, 70));
            plotLayout()->insertRow(0);
            plotLayout()->addElement(0, 0, caption_);
        }
        caption_->setText(text);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

void ParallelCoordinates::setAxes(const QStringList& names, const QString& scoreName) {
    names_ = names;
    if (!scoreName.isEmpty()) scoreName_ = scoreName;
    values_.clear();
    scores_.clear();
    redraw();
}

void ParallelCoordinates::setRows(const QList<QStringList>& values, const QList<double>& scores) {
    values_ = values;
    scores_ = scores;
    while (scores_.size() < values_.size()) scores_.append(kNaN);
    highlighted_ = -1;
    redraw();
}

void ParallelCoordinates::clear() {
    values_.clear();
    scores_.clear();
    highlighted_ = -1;
    redraw();
}

QCPGraph* ParallelCoordinates::line(int row) const { return row >= 0 && row < lines_.size() ? lines_[row] : nullptr; }

double ParallelCoordinates::position(int row, int axis) const {
    if (row < 0 || row >= positions_.size() || axis < 0 || axis >= positions_[row].size()) return kNaN;
    return positions_[row][axis];
}

void ParallelCoordinates::highlight(int row) {
    highlighted_ = row >= 0 && row < lines_.size() ? row : -1;
    for (int i = 0; i < lines_.size(); ++i) {
        QPen pen = lines_[i]->pen();
        const bool front = i == highlighted_;
        pen.setWidthF(front ? 4.0 : 1.8);
        QColor colour = pen.color();
        colour.setAlpha(front ? 255 : 190);
        pen.setColor(colour);
        lines_[i]->setPen(pen);
        lines_[i]->setLayer(front ? QString::fromLatin1(kFront) : QStringLiteral("main"));
    }
    replot(QCustomPlot::rpQueuedReplot);
}

ParallelCoordinates::Scale ParallelCoordinates::scaleOf(const QStringList& column) {
    Scale scale;
    QList<double> numbers;
    for (const QString& text : column) {
        if (text.trimmed().isEmpty()) continue;
        double v = 0.0;
        if (!toNumber(text, &v)) {
            scale.numeric = false;
            break;
        }
        numbers << v;
    }
    if (!scale.numeric) {
        for (const QString& text : column)
            if (!text.trimmed().isEmpty() && !scale.categories.contains(text)) scale.categories << text;
        scale.categories.sort();
        return scale;
    }
    if (numbers.isEmpty()) return scale;
    const auto [lo, hi] = std::minmax_element(numbers.begin(), numbers.end());
    scale.min = *lo;
    scale.max = *hi;
    // Learning rates and weight decays are chosen by decade: a linear axis would crush them.
    scale.log = scale.min > 0 && scale.max / scale.min >= 100.0;
    return scale;
}

// goodness 1 = the best score (green), 0 = the worst (red), amber between.
QColor ParallelCoordinates::colourFor(double goodness) {
    if (!std::isfinite(goodness)) return kNoScore;
    const QColor bad(215, 48, 39), middle(230, 160, 20), good(26, 150, 65);
    const double g = std::clamp(goodness, 0.0, 1.0);
    const QColor& from = g < 0.5 ? bad : middle;
    const QColor& to = g < 0.5 ? middle : good;
    const double t = g < 0.5 ? g * 2.0 : (g - 0.5) * 2.0;
    return QColor::fromRgbF(float(from.redF() + t * (to.redF() - from.redF())),
                            float(from.greenF() + t * (to.greenF() - from.greenF())),
                            float(from.blueF() + t * (to.blueF() - from.blueF())));
}

void ParallelCoordinates::drawAxis(int index, const QString& name, const Scale& scale, const QStringList& ticks) {
    auto* axis = new QCPItemLine(this);
    axis->setLayer(QString::fromLatin1(kLabels));
    axis->setPen(QPen(kAxisPen, 1.5));
    axis->start->setCoords(index, 0.0);
    axis->end->setCoords(index, 1.0);
    const QFont small = smallerFont(font());
    for (const QString& tick : ticks) {
        const double y = scale.place(tick);
        if (!std::isfinite(y)) continue;
        auto* label = new QCPItemText(this);
        label->setLayer(QString::fromLatin1(kLabels));
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->position->setCoords(index, y);
        label->setPadding(QMargins(5, 0, 2, 0));
        label->setFont(small);
        label->setColor(QColor(40, 40, 40));
        // Legible over the lines that cross behind it.
        label->setBrush(QColor(255, 255, 255, 200));
        label->setText(tick);
        auto* mark = new QCPItemLine(this);
        mark->setLayer(QString::fromLatin1(kLabels));
        mark->setPen(QPen(kAxisPen, 1));
        mark->start->setCoords(index, y);
        mark->end->setParentAnchor(mark->start);
        mark->end->setType(QCPItemPosition::ptAbsolute);
        mark->end->setCoords(4, 0);
    }
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(xAxis->ticker());
    ticker->addTick(index, scale.log ? tr("%1 (log)").arg(name) : name);
}

void ParallelCoordinates::redraw() {
    clearGraphs();
    clearItems();
    lines_.clear();
    positions_.clear();
    qSharedPointerCast<QCPAxisTickerText>(xAxis->ticker())->clear();
    const int columns = static_cast<int>(names_.size());
    xAxis->setRange(-0.08, columns + 0.45);  // room for the last axis's labels

    QList<Scale> scales;
    for (int c = 0; c < columns; ++c) {
        QStringList column;
        for (const QStringList& row : values_) column << row.value(c);
        const Scale scale = scaleOf(column);
        QStringList ticks;
        if (scale.numeric) {
            // The values swept, in numeric order, by their own text (0.001, not 1e-03).
            std::map<double, QString> distinct;
            for (const QString& text : column) {
                double v = 0.0;
                if (toNumber(text, &v)) distinct.emplace(v, text.trimmed());
            }
            QStringList all;
            for (const auto& [v, text] : distinct) all << text;
            ticks = thinned(all);
        } else {
            ticks = scale.categories;
        }
        drawAxis(c, names_[c], scale, ticks);
        scales << scale;
    }

    Scale score;
    QList<double> finite;
    for (double s : scores_)
        if (std::isfinite(s)) finite << s;
    if (!finite.isEmpty()) {
        std::sort(finite.begin(), finite.end());
        score.min = finite.front();
        score.max = finite.back();
        // Losses of a wide sweep span decades: linear, the good ones would all sit at 0.
        score.log = score.min > 0 && score.max / score.min >= 100.0;
    }
    QStringList ticks;
    if (score.log) {
        for (double d = std::pow(10.0, std::ceil(std::log10(score.min))); d <= score.max * (1 + 1e-9); d *= 10.0)
            ticks << QString::number(d, 'g', 6);
    } else if (!finite.isEmpty()) {
        ticks = niceTicks(score.min, score.max);
    }
    drawAxis(columns, scoreName_.isEmpty() ? tr("Validation loss") : scoreName_, score, ticks);

    for (int r = 0; r < values_.size(); ++r) {
        QList<double> ys;
        for (int c = 0; c < columns; ++c) ys << scales[c].place(values_[r].value(c));
        const double s = score.place(scores_[r]);
        ys << s;
        QVector<double> xs(ys.size());
        for (int i = 0; i < xs.size(); ++i) xs[i] = i;
        QCPGraph* graph = addGraph();
        graph->setData(xs, QVector<double>(ys.begin(), ys.end()), /*alreadySorted=*/true);
        graph->setPen(PlotStyle::linePen(colourFor(std::isfinite(s) ? 1.0 - s : kNaN), 1.8));
        graph->setLineStyle(QCPGraph::lsLine);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        graph->setAdaptiveSampling(false);
        lines_ << graph;
        positions_ << ys;
    }
    highlight(highlighted_);
}

}  // namespace studio
