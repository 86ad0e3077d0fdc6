#include "widgets/plot_crosshair.h"

#include <qcustomplot.h>

namespace studio {

PlotCrosshair::PlotCrosshair(QCustomPlot* plot) {
    tracer_ = new QCPItemTracer(plot);
    tracer_->setStyle(QCPItemTracer::tsCrosshair);
    tracer_->setPen(QPen(QColor(0, 0, 0, 90), 1, Qt::DotLine));
    text_ = new QCPItemText(plot);
    text_->position->setParentAnchor(tracer_->position);
    text_->position->setCoords(8, -8);
    text_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    text_->setBrush(QColor(255, 255, 255, 220));
    text_->setPadding(QMargins(4, 2, 4, 2));
    hide();
}

void PlotCrosshair::setGraph(QCPGraph* graph) {
    tracer_->setGraph(graph);
    hide();
}

void PlotCrosshair::show(double key, const QString& text) {
    tracer_->setGraphKey(key);
    tracer_->setVisible(true);
    text_->setText(text);
    text_->setVisible(true);
}

void PlotCrosshair::hide() {
    tracer_->setVisible(false);
    text_->setVisible(false);
}

}  // namespace studio
