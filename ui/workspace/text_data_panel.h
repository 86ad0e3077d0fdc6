#pragma once

#include "tasks/task_kind.h"
#include "data/csv_reader.h"
#include "nn/text_model_spec.h"

#include <QFutureWatcher>
#include <QWidget>

#include <functional>
#include <memory>
#include <string>

class QComboBox;
class QLabel;
class QTableWidget;

namespace studio {

struct TextJobResult;

// The data side of a text task. A .csv opens for classification: the user picks the text
// and label columns (guessed on open), and the panel shows the first rows and the class
// balance. Any other file opens for a character language model: the panel shows its first
// lines. After training, setTrainingReport() adds the vocabulary size and coverage.
// The file is read on a pool thread; loaded()/loadFailed() report the outcome.
// GUI thread only.
class TextDataPanel : public QWidget {
    Q_OBJECT
public:
    explicit TextDataPanel(QWidget* parent = nullptr);
    ~TextDataPanel() override;

    void openFile(const QString& path);
    bool isLoading() const { return watcher_.isRunning(); }
    bool isReady() const;
    QString problem() const;  // why isReady() is false
    QString filePath() const { return path_; }
    TaskKind task() const { return task_; }
    QString textColumn() const;
    QString labelColumn() const;
    void setTextColumn(const QString& name);
    void setLabelColumn(const QString& name);
    std::shared_ptr<const CsvTable> table() const { return table_; }
    // Rows per class of the chosen label column, in the order of the table.
    QList<QPair<QString, int>> classBalance() const;
    void setTrainingReport(const TextJobResult& result);
    void clearReport();

    static TaskKind taskForPath(const QString& path);
    // The guesses made on open: a label column by name (label, class, category, target) or
    // else the column with the fewest distinct values; the Text column with the longest
    // average cell as the text.
    static QString guessLabelColumn(const CsvTable& table);
    static QString guessTextColumn(const CsvTable& table, const QString& labelColumn);

Q_SIGNALS:
    void loaded(const QString& path);
    void loadFailed(const QString& message);
    void readinessChanged();

private:
    struct Loaded {
        std::shared_ptr<const CsvTable> table;
        QString text;  // charlm: the start of the file
        qint64 characters = 0;
        QString error;
    };
    static Loaded load(const QString& path, TaskKind task);
    void onLoaded();
    void showExamples();
    void showBalance();
    // The headers of the rows shown, in the language on show.
    void nameExamples();
    // Shows what `text` says about the file, now and in each language chosen later.
    void showFileText(std::function<QString()> text);

    QFutureWatcher<Loaded> watcher_;
    QString path_;
    QString pendingPath_;
    TaskKind task_ = TaskKind::Classify;
    std::shared_ptr<const CsvTable> table_;
    QLabel* file_ = nullptr;
    std::function<QString()> fileText_;
    QComboBox* textColumn_ = nullptr;
    QComboBox* labelColumn_ = nullptr;
    QWidget* columns_ = nullptr;
    QTableWidget* examples_ = nullptr;
    QTableWidget* balance_ = nullptr;
    QLabel* report_ = nullptr;
    std::function<QString()> reportText_ = [] { return QString(); };  // the last training's report; empty: none
};

}  // namespace studio
