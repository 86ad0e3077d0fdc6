#pragma once

// Model > Inspect…: the inside of the project's LSTM for one input (core's inspectModel, on a
// worker thread): for a forecast project the window ending at a data row, for a text model a
// typed text. Six heatmaps over time (x) and units (y), the input gate i, forget gate f,
// candidate g, output gate o, cell state c and hidden state h of the chosen layer and
// direction, units optionally sorted by their mean activation, a readout under the mouse and
// the mean forget gate per step: how long the layer keeps what it has seen. GUI thread only.

#include <QDialog>
#include <QString>
#include <QVector>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QCustomPlot;
class QCPColorMap;

namespace studio {

class JobRunner;
struct GateLayerTrace;
struct InspectResult;

class InspectDialog : public QDialog {
    Q_OBJECT
public:
    // `text`: the project reads texts (classify, charlm); else forecast windows ending at a
    // data row in [firstRow, lastRow].
    InspectDialog(const QString& projectDir, bool text, int firstRow, int lastRow, QWidget* parent = nullptr);
    ~InspectDialog() override;

    void setRow(int row);
    int row() const;
    void setText(const QString& text);
    bool start();
    bool isRunning() const;

    // The heatmaps' gate names in order: i, f, g, o, c, h.
    static const QStringList& gateNames();
    QCustomPlot* heatmap(int gate) const;
    QComboBox* layerBox() const { return layer_; }
    QCheckBox* sortBox() const { return sort_; }
    // Shown value of `gate` at step `t` for the unit drawn in row `row` (after sorting).
    double shownValue(int gate, int t, int row) const;
    // The unit drawn in row `row`.
    int unitAt(int row) const { return order_.value(row, -1); }
    QString summary() const;

Q_SIGNALS:
    void inspected(bool ok);

private:
    void onFinished(bool ok);
    void draw();
    static QString layerName(const GateLayerTrace& trace);  // "layer 1, backward": the layer box's item
    // The values of step `t` at drawn row `row` under the heatmaps; the hint for none (t < 0).
    void showReadout(int t, int row);

    QString dir_;
    bool text_ = false;
    QSpinBox* row_ = nullptr;
    QLineEdit* textEdit_ = nullptr;
    QPushButton* startButton_ = nullptr;
    QComboBox* layer_ = nullptr;
    QCheckBox* sort_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* readout_ = nullptr;
    QVector<QCustomPlot*> plots_;
    QVector<QCPColorMap*> maps_;
    JobRunner* runner_ = nullptr;
    std::unique_ptr<InspectResult> result_;
    QVector<int> order_;  // row -> unit
    bool summaryShown_ = false;         // status_ says what draw() found (not a run under way or failed)
    int readStep_ = -1, readRow_ = -1;  // what the readout shows, for a change of language; -1: the hint
};

}  // namespace studio
